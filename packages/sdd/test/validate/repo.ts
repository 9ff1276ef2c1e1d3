import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A throwaway git repository for end-to-end runs of `sdd validate`. */
export interface TempRepo {
  root: string;
  write(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
  git(...args: string[]): string;
  commit(message: string): string;
  dispose(): Promise<void>;
}

export async function createRepo(): Promise<TempRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-validate-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  let tick = 0;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], {
      cwd: root,
      env: { ...env, GIT_AUTHOR_DATE: `2026-01-01T00:00:${String(tick).padStart(2, '0')}Z`, GIT_COMMITTER_DATE: `2026-01-01T00:00:${String(tick).padStart(2, '0')}Z` },
      encoding: 'utf8',
    });
  git('init', '-q');
  return {
    root,
    async write(file, text) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    },
    async remove(file) {
      await rm(path.join(root, file));
    },
    git,
    commit(message) {
      tick++;
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

export const SPEC = '.sdd/specification/spec-0001-greeting.md';
export const RECORD = '.sdd/provenance/spec-0001-greeting.provenance.md';

/** A spec with two declared checks on `hello.txt` and a manual third step. */
export function specText(steps: string[] = ['`hello.txt` exists', '`hello.txt` contains `hello`']): string {
  const numbered = steps.map((step, index) => `${index + 1}. ${step}`).join('\n');
  const checks = [
    '```yaml sdd-checks',
    "1: { kind: file.exists, path: hello.txt }",
    "2: { kind: file.contains, path: hello.txt, text: hello }",
    '```',
  ].join('\n');
  return `---\ntitle: "Spec 0001: Greeting"\ndraft: false\n---\n\n## Task\n\nWrite a greeting.\n\n## Validation steps\n\n${numbered}\n\n${checks}\n`;
}

export interface RecordRows {
  artifacts: [string, string][];
  results: [string, string, string][];
}

export function recordText(rows: RecordRows): string {
  const artifacts = rows.artifacts.map(([file, status]) => `| \`${file}\` | ${status} |`).join('\n');
  const results = rows.results.map(([n, check, result]) => `| ${n} | ${check} | ${result} |`).join('\n');
  return [
    '---',
    'title: "Provenance: Spec 0001 — Greeting"',
    'draft: false',
    '---',
    '',
    `**Spec:** \`${SPEC}\``,
    '**Executed:** 2026-01-01',
    '**Agent:** test',
    '',
    '## Actions Taken',
    '',
    '1. Wrote the greeting.',
    '',
    '## Decisions Made',
    '',
    'None.',
    '',
    '## Deviations from Spec',
    '',
    'None.',
    '',
    '## Artifacts Produced',
    '',
    '| File | Status |',
    '|------|--------|',
    artifacts,
    '',
    '## Validation Results',
    '',
    '| # | Check | Result |',
    '|---|-------|--------|',
    results,
    '',
  ].join('\n');
}

export const HONEST: RecordRows = {
  artifacts: [
    [SPEC, 'Created'],
    ['hello.txt', 'Created'],
    [RECORD, 'Created'],
  ],
  results: [
    ['1', '`hello.txt` exists', 'Pass'],
    ['2', '`hello.txt` contains `hello`', 'Pass'],
  ],
};
