import path from 'node:path/posix';
import type { CheckDefinition, ValidationStep } from '../model/index.js';
import { commandCheck } from './commands.js';
import { escapeRegex } from './regex.js';

/**
 * Checks inferred from the plain-language forms that validation steps take
 * ("`path` exists and contains `X`", "`pnpm lint` passes", …). Conservative
 * by design: a step maps only when every word of it is understood; anything
 * else stays manual, which reports it as unverified instead of guessing.
 */

export interface InferredCheck {
  definition: CheckDefinition;
  /** The rule that read the step, named in the evidence. */
  rule: string;
}

export interface InferenceHints {
  /** Paths the repository is known to have had (record artifacts, git history): to place a bare file name. */
  knownPaths: Pick<ReadonlySet<string>, 'has'>;
  /** Names of the configured infra targets: `terraform validate` with exactly one checks that one. */
  infraTargets?: readonly string[];
}

/** A step as a template: its code spans replaced by `§0`, `§1` …, whitespace collapsed, trailing period dropped. */
interface Template {
  text: string;
  spans: string[];
}

export function templateOf(markdown: string): Template {
  const spans: string[] = [];
  const text = markdown
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, content: string) => {
      spans.push(/^ .* $/.test(content) && content.trim() !== '' ? content.slice(1, -1) : content);
      return `§${spans.length - 1}`;
    })
    // Emphasis on a plain word (`does **NOT** exist`) adds no meaning.
    .replace(/(?<![\w*])(\*\*|__|\*|_)([A-Za-z]+)\1(?![\w*])/g, '$2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
  return { text, spans };
}

interface StepReader {
  template: Template;
  step: ValidationStep;
  hints: InferenceHints;
}

type Rule = (reader: StepReader) => InferredCheck[] | null;

/** The rules, most specific first; the first that understands the whole step wins. */
const RULES: Rule[] = [savedRule, provenanceRule, committedRule, commandRule, identicalRule, dirFilesRule, absentRule, subjectClausesRule];

export function inferChecks(step: ValidationStep, hints: InferenceHints = { knownPaths: new Set() }): InferredCheck[] | null {
  const reader = { template: templateOf(step.markdown), step, hints };
  for (const rule of RULES) {
    const checks = rule(reader);
    if (checks && checks.length > 0) return checks;
  }
  return null;
}

// ---------------------------------------------------------------- helpers

const CODE = '§(\\d+)';

function span(reader: StepReader, index: string | undefined): string | undefined {
  return index === undefined ? undefined : reader.template.spans[Number(index)];
}

/** A concrete repository path: one the parser took for a path, with no glob or placeholder in it. */
function concretePath(reader: StepReader, index: string | undefined): string | undefined {
  const value = span(reader, index);
  if (value === undefined || !reader.step.paths.includes(value)) return undefined;
  return /[*?<>{}\s]/.test(value) ? undefined : value;
}

function check(rule: string, kind: string, args: Record<string, unknown>): InferredCheck {
  return { rule, definition: { kind, args } };
}

function match(reader: StepReader, pattern: string): RegExpExecArray | null {
  return new RegExp(`^${pattern}$`, 'i').exec(reader.template.text);
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function numberOf(word: string): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  const index = NUMBER_WORDS.indexOf(word.toLowerCase());
  return index === -1 ? null : index;
}

/** `§1`, `§2` and `§3` / `§1, §2, and §3` / `§1`: the span indexes, or null when it is not such a list. */
function codeList(text: string): string[] | null {
  if (!new RegExp(`^${CODE}(?:(?:, | and |, and )${CODE})*$`).test(text)) return null;
  return [...text.matchAll(/§(\d+)/g)].map((m) => m[1] ?? '');
}

// ---------------------------------------------------------------- whole-step rules

function savedRule(reader: StepReader): InferredCheck[] | null {
  const m = match(reader, `This spec (?:has been|is|was) saved (?:to|at|as) ${CODE}`);
  const file = concretePath(reader, m?.[1]);
  return file ? [check('spec-saved', 'file.exists', { path: file })] : null;
}

function provenanceRule(reader: StepReader): InferredCheck[] | null {
  const sections = '(?:and contains|with|and has) all (?:the )?required sections';
  const at = match(reader, `The provenance record exists at ${CODE}( ${sections})?`);
  if (at) {
    const file = concretePath(reader, at[1]);
    if (!file) return null;
    const checks = [check('provenance-at', 'provenance.exists', { path: file })];
    if (at[2]) checks.push(check('provenance-sections', 'provenance.sections', {}));
    return checks;
  }
  if (match(reader, `(?:The )?provenance record exists ${sections}`)) {
    return [check('provenance-exists', 'provenance.exists', {}), check('provenance-sections', 'provenance.sections', {})];
  }
  return null;
}

function committedRule(reader: StepReader): InferredCheck[] | null {
  // "(spec, implementation, provenance)" names what "all files" means; the record's artifact list is that set.
  const m = match(reader, 'All (?:the )?(?:files|changes)(?: \\([^()§]*\\))? (?:are |were |have been )?committed together(?: in (?:a single|one|the same) commit)?');
  return m ? [check('committed-together', 'git.committed-together', {})] : null;
}

function commandRule(reader: StepReader): InferredCheck[] | null {
  // A parenthetical that only says when the step applies ("if Terraform files changed") does not change what passing means.
  const m = match(reader, `${CODE} (?:passes|succeeds|runs cleanly|exits 0|exits with 0)(?: (?:inside|in) ${CODE})?(?: \\((?:if|for|when|only if) [^()§]*\\))?`);
  const run = span(reader, m?.[1]);
  if (!m || run === undefined || !reader.step.commands.includes(run)) return null;
  const targets = reader.hints.infraTargets ?? [];
  if (m[2] === undefined) return [{ rule: 'command-passes', definition: commandCheck(run, null, targets) }];
  const cwd = concretePath(reader, m[2]);
  return cwd ? [{ rule: 'command-passes-in', definition: commandCheck(run, cwd.replace(/\/$/, ''), targets) }] : null;
}

function identicalRule(reader: StepReader): InferredCheck[] | null {
  const m = match(reader, `${CODE} (?:is|are) (?:identical|byte-identical|the same as|identical in content) (?:to|with)? ?${CODE}`);
  const a = concretePath(reader, m?.[1]);
  const b = concretePath(reader, m?.[2]);
  return a && b ? [check('identical', 'file.identical', { path: a, to: b })] : null;
}

function dirFilesRule(reader: StepReader): InferredCheck[] | null {
  const m = match(reader, `${CODE} (?:contains|has|holds|exists with) (exactly )?(\\w+) files(?:(?::| —| -| \\()(.+?)\\)?)?`);
  const dir = concretePath(reader, m?.[1]);
  const count = m?.[3] === undefined ? null : numberOf(m[3]);
  if (!m || !dir || count === null) return null;
  const names = m[4] === undefined ? null : namesOf(reader, m[4]);
  if (m[4] !== undefined && (!names || names.length !== count)) return null;
  const args: Record<string, unknown> = { path: dir.replace(/\/$/, ''), count };
  if (names) args.exactly = names;
  return [check(names ? 'dir-exactly' : 'dir-count', 'dir.files', args)];
}

/** `a.tf, b.tf, c.tf and d.tf` (plain or code): file names, or null when something else is in the list. */
function namesOf(reader: StepReader, text: string): string[] | null {
  const parts = text.trim().split(/, and |, | and /);
  const names = parts.map((part) => {
    const code = /^§(\d+)$/.exec(part.trim());
    const name = code ? span(reader, code[1]) : part.trim();
    return name !== undefined && /^[\w.@-][\w.@/-]*$/.test(name) ? name : null;
  });
  return names.every((name): name is string => name !== null) ? names : null;
}

function absentRule(reader: StepReader): InferredCheck[] | null {
  const m = match(reader, '(.+?) (?:no longer exists?|(?:is|are|has been|have been|was|were) (?:deleted|removed)|deleted|removed|(?:does|do) not exist|(?:is|are) absent)');
  const indexes = m?.[1] === undefined ? null : codeList(m[1]);
  if (!indexes) return null;
  const spans = indexes.map((i) => span(reader, i) ?? '');
  const paths = resolveNames(reader, spans);
  return paths ? paths.map((p) => check('absent', 'file.absent', { path: p })) : null;
}

/**
 * Bare names after a first path ("`a/b/index.html`, `nginx.conf` and `Dockerfile`")
 * live somewhere above that path; a name is placed only when exactly one of
 * the candidate folders is known to have held it. Otherwise the step is not understood.
 */
function resolveNames(reader: StepReader, names: string[]): string[] | null {
  const [first] = names;
  if (first === undefined || !reader.step.paths.includes(first) || /[*?<>{}\s]/.test(first)) return null;
  const resolved: string[] = [];
  for (const name of names) {
    if (name.includes('/') || name === first) {
      if (!reader.step.paths.includes(name) || /[*?<>{}\s]/.test(name)) return null;
      resolved.push(name);
      continue;
    }
    const folders: string[] = [];
    for (let dir = path.dirname(first); ; dir = path.dirname(dir)) {
      folders.push(dir);
      if (dir === '.' || dir === '/' || dir === '') break;
    }
    const candidates = folders.map((dir) => (dir === '.' ? name : `${dir}/${name}`));
    const known = candidates.filter((candidate) => reader.hints.knownPaths.has(candidate));
    if (known.length === 1 && known[0] !== undefined) resolved.push(known[0]);
    else if (candidates.length === 1 && candidates[0] !== undefined) resolved.push(candidates[0]);
    else return null;
  }
  return resolved;
}

// ---------------------------------------------------------------- "`path` exists, contains `X`, does NOT contain `Y` …"

interface ClauseReading {
  checks: InferredCheck[];
  rest: string;
}

type Clause = (reader: StepReader, file: string, text: string) => ClauseReading | null;

const ITEMS = `${CODE}(?:(?:, and |, | and )${CODE})*`;

const CLAUSES: Clause[] = [
  clause('exists', '(?:exists|is present)', (_r, file) => [check('exists', 'file.exists', { path: file })]),
  clause('package-dependency', `contains ${CODE} as a (?:runtime )?dependency`, (r, file, m) => {
    const name = span(r, m[1]);
    if (!name || path.basename(file) !== 'package.json') return null;
    return [check('package-dependency', 'data.path', { path: file, query: `dependencies[${JSON.stringify(name)}]`, exists: true })];
  }),
  clause('workflow-step', `contains the ${CODE} (?:step|action)`, (r, file, m) => {
    const action = span(r, m[1]);
    if (!action || !/\.ya?ml$/.test(file)) return null;
    return [check('workflow-step', 'file.contains', { path: file, pattern: `uses:\\s*["']?${escapeRegex(action)}["']?\\s*$`, flags: 'm' })];
  }),
  clause('markdown-section', 'contains (?:a|an|the) ["“]([^"”§]+)["”] (?:section|heading)', (_r, file, m) => {
    const title = m[1];
    if (!title || !/\.(md|markdown)$/i.test(file)) return null;
    return [check('markdown-section', 'file.contains', { path: file, pattern: `^#{1,6}\\s+${escapeRegex(title.trim())}\\s*#*\\s*$`, flags: 'm' })];
  }),
  clause('dockerfile-expose', `exposes port ${CODE}`, (r, file, m) => {
    const port = span(r, m[1]);
    if (!port || !/^\d+$/.test(port) || !/^Dockerfile/.test(path.basename(file))) return null;
    return [check('dockerfile-expose', 'file.contains', { path: file, pattern: `^\\s*EXPOSE\\s+(?:\\S+\\s+)*${port}(?:/tcp)?\\s*$`, flags: 'mi' })];
  }),
  clause('target-port', `targets port ${CODE}`, (r, file, m) => {
    const port = span(r, m[1]);
    if (!port || !/^\d+$/.test(port) || !/\.ya?ml$/.test(file)) return null;
    return [check('target-port', 'file.contains', { path: file, pattern: `^\\s*(?:-\\s*)?targetPort:\\s*["']?${port}["']?\\s*$`, flags: 'm' })];
  }),
  clause('workflow-path-trigger', `path trigger (?:references|includes|contains) ${CODE}`, (r, file, m) => {
    const glob = span(r, m[1]);
    if (!glob || !/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(file)) return null;
    return [check('workflow-path-trigger', 'data.path', { path: file, query: 'on.*.paths', contains: glob })];
  }),
  clause('not-contains', `(?:does not|does NOT|doesn't|must not) contain ${ITEMS}|has no ${ITEMS}`, (r, file, m) =>
    itemsOf(r, m[0]).map((text) => check('not-contains', 'file.not-contains', { path: file, text })),
  ),
  clause('contains', `(?:contains|includes|references|has) ${ITEMS}`, (r, file, m) =>
    itemsOf(r, m[0]).map((text) => check('contains', 'file.contains', { path: file, text })),
  ),
];

function clause(
  _name: string,
  pattern: string,
  build: (reader: StepReader, file: string, m: RegExpExecArray) => InferredCheck[] | null,
): Clause {
  // A clause ends where the next one starts, or at the end of the step.
  const regex = new RegExp(`^(?:${pattern})(?=$|, and |, | and )`, 'i');
  return (reader, file, text) => {
    const m = regex.exec(text);
    if (!m) return null;
    const checks = build(reader, file, m);
    return checks ? { checks, rest: text.slice(m[0].length) } : null;
  };
}

function itemsOf(reader: StepReader, text: string): string[] {
  return [...text.matchAll(/§(\d+)/g)].map((m) => span(reader, m[1]) ?? '');
}

function subjectClausesRule(reader: StepReader): InferredCheck[] | null {
  const m = /^§(\d+) (.+)$/.exec(reader.template.text);
  const file = concretePath(reader, m?.[1]);
  if (!m || !file || m[2] === undefined) return null;
  const checks: InferredCheck[] = [];
  let rest = m[2];
  for (;;) {
    const reading = readClause(reader, file, rest);
    if (!reading) return null;
    checks.push(...reading.checks);
    rest = reading.rest;
    if (rest === '') return checks;
    const separator = /^(?:, and |, | and )/.exec(rest);
    if (!separator) return null;
    rest = rest.slice(separator[0].length);
  }
}

function readClause(reader: StepReader, file: string, text: string): ClauseReading | null {
  for (const read of CLAUSES) {
    const reading = read(reader, file, text);
    if (reading) return reading;
  }
  return null;
}
