import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CheckBlock, GitFacts, ProvenanceDocument, SddConfig, SpecDocument, ValidationStep, Workspace } from '../../src/model/index.js';
import { defaultConfig } from '../../src/model/index.js';
import type { CheckContext } from '../../src/check/types.js';
import { createRunMemo } from '../../src/check/types.js';

/** Small builders for the check stage's inputs; the parse stage is someone else's and is not needed here. */

export const SPEC_FILE = '.sdd/specification/spec-0001-demo.md';

/** A validation step from its markdown, with code spans, paths and commands as the parser would classify them. */
export function step(number: number, markdown: string, line = 10 + number): ValidationStep {
  const codeSpans = [...markdown.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return {
    number,
    text: markdown.replace(/`/g, ''),
    markdown,
    codeSpans,
    paths: codeSpans.filter((s) => /^[\w.@[\]*/-]+$/.test(s) && (s.includes('/') || /\.\w+$/.test(s) || /^[A-Z][\w-]*file$/.test(s))),
    commands: codeSpans.filter((s) => /^(pnpm|npm|npx|terraform|node|sh|true|false|sleep|exit)\b/.test(s)),
    location: { file: SPEC_FILE, line },
  };
}

export function spec(steps: ValidationStep[], checkBlocks: CheckBlock[] = [], file = SPEC_FILE): SpecDocument {
  return {
    kind: 'spec',
    file,
    number: 1,
    slug: 'demo',
    title: 'Demo',
    draft: false,
    frontMatter: null,
    headerFields: [],
    sections: [],
    prerequisites: [],
    outOfScope: [],
    manualSteps: [],
    validationSection: { file, line: 9 },
    validationSteps: steps,
    checkBlocks,
  };
}

/** An sdd-checks block whose first content line is `contentLine` of the spec. */
export function block(content: string, contentLine = 30): CheckBlock {
  return { lang: 'yaml', meta: 'sdd-checks', content, location: { file: SPEC_FILE, line: contentLine - 1 }, contentLine };
}

export function record(overrides: Partial<ProvenanceDocument> = {}): ProvenanceDocument {
  const file = '.sdd/provenance/spec-0001-demo.provenance.md';
  const section = (title: string, line: number) => ({ title, depth: 2, parents: [], location: { file, line }, span: { start: 0, end: 0 } });
  return {
    kind: 'provenance',
    file,
    number: 1,
    slug: 'demo',
    title: 'Provenance',
    draft: false,
    frontMatter: null,
    headerFields: [],
    specRef: null,
    executed: null,
    agent: null,
    layout: 'flat',
    sections: ['Actions Taken', 'Decisions Made', 'Deviations from Spec', 'Artifacts Produced', 'Validation Results'].map((t, i) => section(t, 10 * (i + 1))),
    actions: [],
    decisions: null,
    assumptions: null,
    ambiguities: null,
    deviations: null,
    artifacts: null,
    buildStatus: null,
    validationResults: null,
    postMergeSteps: [],
    testing: null,
    ...overrides,
  };
}

export function artifacts(paths: string[]): ProvenanceDocument['artifacts'] {
  const location = { file: '.sdd/provenance/spec-0001-demo.provenance.md', line: 40 };
  return {
    table: { header: ['File', 'Status'], rows: [], location, span: { start: 0, end: 0 } },
    rows: paths.map((p) => ({ path: p, status: 'Created' as const, rawStatus: 'Created', detail: null, location })),
  };
}

export function config(overrides: Partial<SddConfig['commands']> = {}): SddConfig {
  const base = defaultConfig();
  return { ...base, commands: { ...base.commands, ...overrides } };
}

export function context(root: string, overrides: Partial<CheckContext> = {}): CheckContext {
  return { root, config: config(), spec: spec([]), record: null, git: null, memo: createRunMemo(), ...overrides };
}

export function workspace(root: string, overrides: Partial<Workspace> = {}): Workspace {
  return { root, config: config(), configFile: null, specFiles: [SPEC_FILE], provenanceFiles: [], git: null, findings: [], ...overrides };
}

/** A temporary repository with these files (`null` content: a directory). Call `cleanup` in afterEach/afterAll. */
export async function tempRepo(files: Record<string, string | null> = {}): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-check-'));
  await writeFiles(root, files);
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function writeFiles(root: string, files: Record<string, string | null>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    if (content === null) await mkdir(full, { recursive: true });
    else {
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
    }
  }
}

export async function link(root: string, name: string, target: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, name)), { recursive: true });
  await symlink(target, path.join(root, name));
}

/** Runs git in `root` with a fixed identity, so tests do not depend on the machine's configuration. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

/** GitFacts as the discover stage would give them, read with plain `git log` (the discover stage is someone else's). */
export function gitFacts(root: string, base: string | null = null): GitFacts {
  const log = git(root, 'log', '--reverse', '--format=@@%H%x09%P%x09%aI%x09%an%x09%s', '--name-status', '--no-renames');
  const commits: GitFacts['commits'] = [];
  for (const line of log.split('\n')) {
    if (line.startsWith('@@')) {
      const [hash = '', parents = '', date = '', author = '', subject = ''] = line.slice(2).split('\t');
      commits.push({ hash, parents: parents.split(' ').filter(Boolean), date, author, subject, changes: [] });
    } else if (line.trim() !== '') {
      const [status = 'M', p = ''] = line.split('\t');
      commits.at(-1)?.changes.push({ status: status[0] as 'A', path: p, oldBlob: '', newBlob: '' });
    }
  }
  const status = git(root, 'status', '--porcelain').split('\n').filter(Boolean);
  return {
    head: commits.at(-1)?.hash ?? null,
    commits,
    shallow: false,
    workingTree: status.map((line) => ({ status: (line.startsWith('??') ? '?' : 'M') as 'M', path: line.slice(3) })),
    base,
  };
}
