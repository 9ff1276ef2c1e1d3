import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ArtifactStatus,
  ListItem,
  ProvenanceDocument,
  ResultRow,
  ResultWord,
  SourceLocation,
  SpecDocument,
  StepEvidence,
  StepStatus,
  ValidationStep,
} from '../../src/model/index.js';

/**
 * Small builders for the documents the parse stage produces (written in
 * parallel), with line numbers laid out as a real record would have them,
 * and a throw-away git repository for history-based tests.
 */

const SPANS = /`([^`]+)`/g;
const spansOf = (markdown: string) => [...markdown.matchAll(SPANS)].map((match) => match[1] ?? '');
const plain = (markdown: string) => markdown.replace(SPANS, '$1');
const at = (file: string, line: number): SourceLocation => ({ file, line });

export interface SpecOptions {
  file?: string;
  /** Step markdown, numbered 1…n unless given as `[number, markdown]`. */
  steps: (string | [number, string])[];
}

export const SPEC_FILE = '.sdd/specification/spec-0001-demo.md';
export const RECORD_FILE = '.sdd/provenance/spec-0001-demo.provenance.md';

/** Steps start at line 11 under a `## Validation steps` heading at line 9. */
export function spec(options: SpecOptions): SpecDocument {
  const file = options.file ?? SPEC_FILE;
  const validationSteps: ValidationStep[] = options.steps.map((entry, index) => {
    const [number, markdown] = typeof entry === 'string' ? [index + 1, entry] : entry;
    return {
      number,
      text: plain(markdown),
      markdown,
      codeSpans: spansOf(markdown),
      paths: spansOf(markdown).filter((span) => span.includes('/')),
      commands: [],
      location: at(file, 11 + index),
    };
  });
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
    validationSection: at(file, 9),
    validationSteps,
    checkBlocks: [],
  };
}

/** An action: markdown text, optionally with nested actions. */
export type ActionSpec = string | [string, ActionSpec[]];

export interface RecordOptions {
  file?: string;
  actions?: ActionSpec[];
  /** `[path, status]`; the status word as written (`Created`, `Pre-existing`, `Renamed`, …). */
  artifacts?: [string, string][] | null;
  /** `[number, check markdown, result word as written]`; number null for a table without `#`. */
  results?: [number | null, string, string][] | null;
  /** The text of Deviations from Spec, when the record has the section. */
  deviations?: string;
}

const STATUS_WORDS: Record<string, ArtifactStatus> = {
  created: 'Created',
  modified: 'Modified',
  deleted: 'Deleted',
  renamed: 'Renamed',
  'pre-existing': 'Unchanged',
  unchanged: 'Unchanged',
  'already existed': 'Unchanged',
};

const RESULT_WORDS: ResultWord[] = ['Pass', 'Fail', 'Not run', 'Not applicable'];

/**
 * A record laid out as: spec field at line 5, actions from line 10, the
 * Artifacts Produced table at line 40 (rows from 42), the Validation Results
 * table at line 80 (rows from 82).
 */
export function record(options: RecordOptions): ProvenanceDocument {
  const file = options.file ?? RECORD_FILE;
  let line = 10;
  const item = (entry: ActionSpec): ListItem => {
    const [markdown, children] = typeof entry === 'string' ? [entry, []] : entry;
    const location = at(file, line++);
    return { text: plain(markdown), number: null, codeSpans: spansOf(markdown), location, children: children.map(item) };
  };
  const actions = (options.actions ?? []).map(item);
  const table = (line: number, header: string[]) => ({ header, rows: [], location: at(file, line), span: { start: 0, end: 0 } });
  const artifacts =
    options.artifacts === null
      ? null
      : {
          table: table(40, ['File', 'Status']),
          rows: (options.artifacts ?? []).map(([pathText, rawStatus], index) => {
            const word = rawStatus.split(/\s+[—(-]/)[0]?.trim().toLowerCase() ?? '';
            return {
              path: pathText,
              status: STATUS_WORDS[word] ?? null,
              rawStatus,
              detail: null,
              location: at(file, 42 + index),
            };
          }),
        };
  const validationResults =
    options.results === null
      ? null
      : {
          table: table(80, ['#', 'Check', 'Result']),
          rows: (options.results ?? []).map(([number, check, rawResult], index): ResultRow => {
            const word = RESULT_WORDS.find((candidate) => rawResult === candidate || rawResult.startsWith(`${candidate} `)) ?? null;
            return {
              number,
              check: plain(check),
              checkCodeSpans: spansOf(check),
              result: word,
              rawResult,
              detail: null,
              location: at(file, 82 + index),
            };
          }),
        };
  return {
    kind: 'provenance',
    file,
    number: 1,
    slug: 'demo',
    title: 'Provenance: Demo',
    draft: false,
    frontMatter: null,
    headerFields: [],
    specRef: { path: SPEC_FILE, location: at(file, 5) },
    executed: '2026-03-05',
    agent: 'test',
    layout: 'flat',
    sections: [],
    actions,
    decisions: null,
    assumptions: null,
    ambiguities: null,
    deviations:
      options.deviations === undefined
        ? null
        : { form: 'text', text: options.deviations, items: [], table: null, location: at(file, 70) },
    artifacts,
    buildStatus: null,
    validationResults,
    postMergeSteps: [],
    testing: null,
  };
}

/** What the check stage would hand over for one step. */
export function evidence(document: SpecDocument, step: number, status: StepStatus, summary = `check of step ${step}`, reason?: string): StepEvidence {
  const location = document.validationSteps.find((candidate) => candidate.number === step)?.location ?? at(document.file, 1);
  const checkStatus = status === 'manual' ? null : status === 'consistent' ? 'pass' : status;
  return {
    spec: document.file,
    step,
    stepText: '',
    source: status === 'manual' ? 'manual' : 'declared',
    status,
    checks: checkStatus === null ? [] : [{ kind: 'file.exists', args: {}, status: checkStatus, summary, evidence: [], ...(reason ? { reason } : {}) }],
    location,
  };
}

/** A set of paths standing in for the working tree. */
export function probeOf(existing: Iterable<string>) {
  const files = new Set(existing);
  return {
    exists: (file: string) => files.has(file) || [...files].some((candidate) => candidate.startsWith(`${file.replace(/\/$/, '')}/`)),
  };
}

// ---------------------------------------------------------------- temporary git repositories

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  write(file: string, content?: string): void;
  remove(file: string): void;
  /** Stages everything and commits; returns the new HEAD. */
  commit(message: string): string;
  cleanup(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export function tempRepo(options: { init?: boolean } = {}): TempRepo {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sdd-drift-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      env: GIT_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  if (options.init !== false) git('init', '-q', '-b', 'main');
  return {
    root,
    git,
    write(file, content = `${file}\n`) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    },
    remove(file) {
      rmSync(path.join(root, file), { recursive: true, force: true });
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
