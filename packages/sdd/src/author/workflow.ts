import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runChecks } from '../check/index.js';
import { discover, isInside, loadConfig, toPosix } from '../discover/index.js';
import type { ArtifactComparison, ProvenanceDocument, SpecDocument, SpecResult, StepEvidence, Workspace } from '../model/index.js';
import { parseProvenance, parseSpec, specFilterMatches } from '../parse/index.js';
import { validate, ValidateUsageError } from '../validate.js';
import { draftArtifacts, withRecord, type ArtifactFact } from './changes.js';
import { renderDraft } from './draft.js';
import { formatSpecNumber, nextSpecNumber, recordFileNameFor, slugify, specFileName } from './naming.js';
import { noteOf, type StepFact } from './results.js';
import { syncRecord, type SyncFacts } from './sync.js';
import { fillTemplate, specTemplate } from './templates.js';

/**
 * The authoring commands as library calls. They read the repository (and run
 * its checks) but write nothing: each returns the file and its text, and
 * the caller decides whether and where to write.
 */

/** A request that cannot be served (unknown spec, unreadable record): the CLI exits with 2. */
export class AuthorError extends Error {}

// ---------------------------------------------------------------- new spec

interface NewSpecOptions {
  root: string;
  configPath?: string;
  title: string;
  /** Overrides the slug made from the title. */
  slug?: string;
}

interface PlannedFile {
  /** Repository-relative path. */
  file: string;
  text: string;
}

export async function planNewSpec(options: NewSpecOptions): Promise<PlannedFile & { number: number; usedTemplate: string | null }> {
  const { config } = await loadConfig(options.root, options.configPath);
  const slug = options.slug === undefined ? slugify(options.title) : slugify(options.slug);
  if (slug === '') throw new AuthorError(`cannot make a slug from "${options.slug ?? options.title}"; pass --slug`);
  const names = (await Promise.all([config.specs, config.provenance].map((folder) => listNames(options.root, folder)))).flat();
  const number = nextSpecNumber(names);
  const templateFile = toPosix(path.join(config.specs, 'template.md'));
  const repositoryTemplate = await readFile(path.join(options.root, templateFile), 'utf8').catch(() => null);
  const text = fillTemplate(repositoryTemplate ?? specTemplate({ run: 'sdd', specs: config.specs, provenance: config.provenance }), {
    number: formatSpecNumber(number),
    slug,
    title: options.title.trim(),
  });
  return {
    file: toPosix(path.join(config.specs, specFileName(number, slug))),
    text,
    number,
    usedTemplate: repositoryTemplate === null ? null : templateFile,
  };
}

async function listNames(root: string, folder: string): Promise<string[]> {
  return readdir(path.join(root, folder)).catch(() => []);
}

// ---------------------------------------------------------------- spec lookup

/** A spec by number (`7`, `0007`), slug (`my-thing`, `spec-0007-my-thing`) or path (from `cwd`). */
export function resolveSpec(specFiles: readonly string[], id: string, root: string, cwd: string): string {
  const matches = specFiles.filter((file) => specFilterMatches(file, id, { root, cwd }));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0) throw new AuthorError(`no spec matches "${id}" (specs: ${specFiles.join(', ') || 'none'})`);
  throw new AuthorError(`"${id}" matches ${matches.length} specs: ${matches.join(', ')}; name one by its path`);
}

export async function readSpec(workspace: Workspace, file: string): Promise<SpecDocument> {
  const text = await readFile(path.join(workspace.root, file), 'utf8');
  const parsed = parseSpec(file, text);
  if (!parsed.document) {
    const why = parsed.findings.map((finding) => finding.message).join('; ');
    throw new AuthorError(`cannot read the spec ${file}${why ? `: ${why}` : ''}`);
  }
  return parsed.document;
}

// ---------------------------------------------------------------- draft

interface DraftOptions {
  root: string;
  cwd: string;
  configPath?: string;
  spec: string;
  /** `--base REV`: the change includes the commits in `REV..HEAD`. */
  base?: string;
  /** YYYY-MM-DD. */
  date: string;
  agent: string | null;
  /** Where the record will be written (repository-relative), when not the usual place. */
  recordFile?: string;
}

interface Draft extends PlannedFile {
  spec: string;
  /** What the draft could not know (no git, no checks). */
  notes: string[];
}

export async function draftProvenance(options: DraftOptions): Promise<Draft> {
  const workspace = await discover(options.root, { configPath: options.configPath, base: options.base });
  const specFile = resolveSpec(workspace.specFiles, options.spec, workspace.root, options.cwd);
  const spec = await readSpec(workspace, specFile);
  const recordFile =
    options.recordFile ?? toPosix(path.join(workspace.config.provenance, recordFileNameFor(path.posix.basename(specFile))));
  const notes: string[] = [];
  let artifacts: ArtifactFact[] = [];
  if (workspace.git) {
    artifacts = draftArtifacts(workspace.git, recordFile);
    if (artifacts.length === 0 && options.base === undefined) {
      notes.push('the working tree has no changes: if the change is committed, pass --base <rev> (e.g. main)');
    }
  } else {
    notes.push('not a git repository (or git is missing): Artifacts Produced lists only the record');
  }
  const header = {
    specFile,
    specNumber: spec.number,
    specTitle: spec.title,
    recordFile,
    date: options.date,
    agent: options.agent,
    artifacts: withRecord(artifacts, recordFile),
  };
  // The record being drafted is the spec's record: checks that read it (provenance.exists,
  // provenance.sections) judge the draft itself, not its absence.
  const drafted = parseProvenance(recordFile, renderDraft({ ...header, steps: stepFactsOf(spec, []) })).document;
  const { evidence } = await runChecks({ workspace, specs: [{ spec, record: drafted }] });
  return { file: recordFile, spec: specFile, notes, text: renderDraft({ ...header, steps: stepFactsOf(spec, evidence) }) };
}

/** One fact per validation step of the spec; a step the check stage did not report on is manual. */
function stepFactsOf(spec: SpecDocument, evidence: readonly StepEvidence[]): StepFact[] {
  return spec.validationSteps.map((step) => {
    const measured = evidence.find((entry) => entry.spec === spec.file && entry.step === step.number);
    return {
      step: step.number,
      markdown: step.markdown.trim() || step.text,
      status: measured?.status ?? 'manual',
      note: measured ? noteOf(measured) : null,
      ...(measured?.source === 'partial' ? { partial: true } : {}),
    };
  });
}

// ---------------------------------------------------------------- sync

export interface SyncOptions {
  root: string;
  cwd: string;
  configPath?: string;
  /** The record: a path (from `cwd`), or the number or slug of its spec. */
  record: string;
  base?: string;
}

interface SyncPlan {
  file: string;
  before: string;
  after: string;
  notes: string[];
}

export async function planSync(options: SyncOptions): Promise<SyncPlan> {
  const workspace = await discover(options.root, { configPath: options.configPath, git: false });
  const file = resolveRecord(workspace, options.record, options.cwd);
  const before = await readFile(path.join(workspace.root, file), 'utf8').catch(() => {
    throw new AuthorError(`cannot read ${file}`);
  });
  const parsed = parseProvenance(file, before);
  if (!parsed.document) {
    const why = parsed.findings.map((finding) => finding.message).join('; ');
    throw new AuthorError(`cannot read the record ${file}${why ? `: ${why}` : ''}`);
  }
  const record = parsed.document;

  // What validate measures is what sync writes: one pipeline, so that a synced record passes the same comparison.
  const specResult = await validatedSpecOf(workspace, record, options);
  const spec = specResult ? await readSpec(workspace, specResult.spec.file).catch(() => null) : null;
  const facts: SyncFacts = {
    artifacts: specResult ? artifactFactsOf(specResult) : null,
    steps: specResult && spec ? syncStepFacts(spec, specResult) : null,
  };
  const synced = syncRecord(before, record, facts);
  const notes = specResult ? synced.notes : [`no spec of this repository is paired with ${file}; nothing to sync against`, ...synced.notes];
  return { file, before, after: synced.text, notes };
}

/** Validates only the spec the record names (its `**Spec:**` path, else its number); null when there is none. */
async function validatedSpecOf(workspace: Workspace, record: ProvenanceDocument, options: SyncOptions): Promise<SpecResult | null> {
  const named = record.specRef && workspace.specFiles.includes(record.specRef.path) ? record.specRef.path : null;
  const filter = named ?? (record.number === null ? null : String(record.number));
  try {
    const result = await validate({
      root: workspace.root,
      configPath: options.configPath,
      base: options.base,
      specs: filter === null ? undefined : [filter],
    });
    return result.specs.find((candidate) => candidate.provenance?.file === record.file) ?? null;
  } catch (error) {
    if (error instanceof ValidateUsageError) return null;
    throw error;
  }
}

function resolveRecord(workspace: Workspace, id: string, cwd: string): string {
  const asPath = toPosix(path.relative(workspace.root, path.resolve(cwd, id)));
  if (workspace.provenanceFiles.includes(asPath)) return asPath;
  if (id.endsWith('.md') || id.includes('/')) {
    if (!isInside(workspace.root, path.resolve(cwd, id))) throw new AuthorError(`${id} is outside the repository`);
    return asPath;
  }
  // A spec's number or slug names its record.
  const specFile = resolveSpec(workspace.specFiles, id, workspace.root, cwd);
  const expected = toPosix(path.join(workspace.config.provenance, recordFileNameFor(path.posix.basename(specFile))));
  if (!workspace.provenanceFiles.includes(expected)) throw new AuthorError(`${specFile} has no record at ${expected}`);
  return expected;
}

/** Compare's judgement of the table; null when it had no git facts to judge by. */
function artifactFactsOf(result: SpecResult): ArtifactComparison[] | null {
  if (result.change === null || result.change.source === 'none') return null;
  return result.artifacts;
}

/** Compare's step results, with the row it matched each step to. */
function syncStepFacts(spec: SpecDocument, result: SpecResult): (StepFact & { rowLine: number | null })[] {
  return result.steps.flatMap((comparison) => {
    if (comparison.step === null) return [];
    const step = spec.validationSteps.find((candidate) => candidate.number === comparison.step);
    const status = comparison.actual ?? 'manual';
    return [
      {
        step: comparison.step,
        markdown: step?.markdown.trim() || (comparison.stepText ?? ''),
        status,
        note: comparison.evidence ? noteOf(comparison.evidence) : null,
        ...(comparison.evidence?.source === 'partial' ? { partial: true } : {}),
        rowLine: comparison.verdict === 'missing-row' ? null : (comparison.rowLocation?.line ?? null),
      },
    ];
  });
}
