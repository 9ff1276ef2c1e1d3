import type {
  ArtifactStatus,
  CheckBlock,
  GitFacts,
  ListItem,
  ProvenanceDocument,
  ResultRow,
  ResultWord,
  SddConfig,
  SourceLocation,
  SpecDocument,
  StepEvidence,
  StepStatus,
  ValidationStep,
  Workspace,
} from '../../src/model/index.js';
import { defaultConfig } from '../../src/model/index.js';
import type { CheckContext } from '../../src/check/types.js';
import { createRunMemo } from '../../src/check/types.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { git } from './repo.js';

/**
 * The typed values the stages hand each other (documents as the parse stage gives them, a step's
 * evidence, a workspace, a check context), built directly so that a stage is tested without the
 * ones before it. Line numbers are laid out as a real document would have them.
 */

export const SPEC_FILE = '.sdd/specification/spec-0001-demo.md';
export const RECORD_FILE = '.sdd/provenance/spec-0001-demo.provenance.md';

const SPANS = /`([^`]+)`/g;
const spansOf = (markdown: string) => [...markdown.matchAll(SPANS)].map((match) => match[1] ?? '');
const plain = (markdown: string) => markdown.replace(SPANS, '$1');
const at = (file: string, line: number): SourceLocation => ({ file, line });

/** A validation step from its markdown, with code spans, paths and commands as the parser would classify them. */
export function step(number: number, markdown: string, line = 10 + number, file = SPEC_FILE): ValidationStep {
  const codeSpans = spansOf(markdown);
  return {
    number,
    text: plain(markdown),
    markdown,
    codeSpans,
    paths: codeSpans.filter((s) => /^[\w.@[\]*/-]+$/.test(s) && (s.includes('/') || /\.\w+$/.test(s) || /^[A-Z][\w-]*file$/.test(s))),
    commands: codeSpans.filter((s) => /^(pnpm|npm|npx|terraform|node|sh|true|false|sleep|exit)\b/.test(s)),
    location: at(file, line),
  };
}

export interface SpecOptions {
  file?: string;
  /** Steps under a `## Validation steps` heading at line 9: markdown (numbered 1…n from line 11), `[number, markdown]`, or built with `step`. */
  steps?: (string | [number, string] | ValidationStep)[];
  checkBlocks?: CheckBlock[];
}

export function spec(options: SpecOptions = {}): SpecDocument {
  const file = options.file ?? SPEC_FILE;
  const validationSteps = (options.steps ?? []).map((entry, index) => {
    if (typeof entry === 'string') return step(index + 1, entry, 11 + index, file);
    if (Array.isArray(entry)) return step(entry[0], entry[1], 11 + index, file);
    return entry;
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
    checkBlocks: options.checkBlocks ?? [],
  };
}

/** A spec parsed from its text by the parse stage; a fixture that does not parse fails the test. */
export function parsedSpec(file: string, text: string): SpecDocument {
  const parsed = parseSpec(file, text);
  if (!parsed.document) throw new Error(`fixture ${file} does not parse: ${parsed.findings.map((f) => f.message).join('; ')}`);
  return parsed.document;
}

/** A record parsed from its text by the parse stage; a fixture that does not parse fails the test. */
export function parsedRecord(file: string, text: string): ProvenanceDocument {
  const parsed = parseProvenance(file, text);
  if (!parsed.document) throw new Error(`fixture ${file} does not parse: ${parsed.findings.map((f) => f.message).join('; ')}`);
  return parsed.document;
}

/** An sdd-checks block whose first content line is `contentLine` of the spec. */
export function block(content: string, contentLine = 30): CheckBlock {
  return { lang: 'yaml', meta: 'sdd-checks', content, location: at(SPEC_FILE, contentLine - 1), contentLine };
}

/** An action: markdown text, optionally with nested actions. */
export type ActionSpec = string | [string, ActionSpec[]];

type RecordFields = Partial<Omit<ProvenanceDocument, 'actions' | 'artifacts' | 'validationResults' | 'deviations'>>;

export interface RecordOptions extends RecordFields {
  actions?: ActionSpec[];
  /** `[path, status]`; the status word as written (`Created`, `Pre-existing`, `Renamed`, …); null: no table. */
  artifacts?: [string, string][] | null;
  /** `[number, check markdown, result word as written]`; number null for a table without `#`; null: no table. */
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

const SECTIONS = ['Actions Taken', 'Decisions Made', 'Deviations from Spec', 'Artifacts Produced', 'Validation Results'];

/**
 * A record laid out as: spec field at line 5, actions from line 10, the
 * Artifacts Produced table at line 40 (rows from 42), the Validation Results
 * table at line 80 (rows from 82). Other fields of the document may be given as they are.
 */
export function record(options: RecordOptions = {}): ProvenanceDocument {
  const { actions: actionSpecs, artifacts: artifactRows, results, deviations, ...fields } = options;
  const file = options.file ?? RECORD_FILE;
  let line = 10;
  const item = (entry: ActionSpec): ListItem => {
    const [markdown, children] = typeof entry === 'string' ? [entry, []] : entry;
    const location = at(file, line++);
    return { text: plain(markdown), number: null, codeSpans: spansOf(markdown), location, children: children.map(item) };
  };
  const actions = (actionSpecs ?? []).map(item);
  const table = (line: number, header: string[]) => ({ header, rows: [], location: at(file, line), span: { start: 0, end: 0 } });
  const artifacts =
    artifactRows === null
      ? null
      : {
          table: table(40, ['File', 'Status']),
          rows: (artifactRows ?? []).map(([pathText, rawStatus], index) => {
            const word = rawStatus.split(/\s+[—(-]/)[0]?.trim().toLowerCase() ?? '';
            return { path: pathText, status: STATUS_WORDS[word] ?? null, rawStatus, detail: null, location: at(file, 42 + index) };
          }),
        };
  const validationResults =
    results === null
      ? null
      : {
          table: table(80, ['#', 'Check', 'Result']),
          rows: (results ?? []).map(([number, check, rawResult], index): ResultRow => {
            const word = RESULT_WORDS.find((candidate) => rawResult === candidate || rawResult.startsWith(`${candidate} `)) ?? null;
            return { number, check: plain(check), checkCodeSpans: spansOf(check), result: word, rawResult, detail: null, location: at(file, 82 + index) };
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
    sections: SECTIONS.map((title, index) => ({ title, depth: 2, parents: [], location: at(file, 10 * (index + 1)), span: { start: 0, end: 0 } })),
    actions,
    decisions: null,
    assumptions: null,
    ambiguities: null,
    deviations: deviations === undefined ? null : { form: 'text', text: deviations, items: [], table: null, location: at(file, 70) },
    artifacts,
    buildStatus: null,
    validationResults,
    postMergeSteps: [],
    testing: null,
    ...fields,
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

export function config(overrides: Partial<SddConfig['commands']> = {}): SddConfig {
  const base = defaultConfig();
  return { ...base, commands: { ...base.commands, ...overrides } };
}

export function context(root: string, overrides: Partial<CheckContext> = {}): CheckContext {
  return { root, config: config(), spec: spec(), record: null, git: null, memo: createRunMemo(), ...overrides };
}

export function workspace(root: string, overrides: Partial<Workspace> = {}): Workspace {
  return { root, config: config(), configFile: null, specFiles: [SPEC_FILE], provenanceFiles: [], git: null, findings: [], ...overrides };
}

/** GitFacts as the discover stage would give them, read with plain `git log` (so a later stage is tested without discover). */
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
