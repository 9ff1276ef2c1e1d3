import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runChecks } from '../check/index.js';
import { matchRecordsToSpecs } from '../compare/document-rules.js';
import { discover } from '../discover/index.js';
import type { ProvenanceDocument, SpecDocument } from '../model/index.js';
import { parseProvenance, parseSpec } from '../parse/index.js';
import type { SpecChecksReport } from '../report/spec-checks.js';
import { readSpec, resolveSpec } from './workflow.js';

/**
 * `sdd check`: the checks of some specs, run on the working tree, with each
 * step's result and evidence; no record is compared. What an agent asks
 * before it writes its record: do my spec's checks pass?
 */

interface CheckSpecsOptions {
  root: string;
  /** Where a spec given as a path is resolved from. */
  cwd: string;
  configPath?: string;
  /** Spec numbers, slugs or paths; every spec when empty. */
  specs: readonly string[];
  progress?: (message: string) => void;
}

export async function checkSpecs(options: CheckSpecsOptions): Promise<SpecChecksReport> {
  const workspace = await discover(options.root, { configPath: options.configPath });
  const specs = options.specs.length > 0 ? await namedSpecs(workspace, options) : await everySpec(workspace.root, workspace.specFiles);
  const records = await readRecords(workspace.root, workspace.provenanceFiles);
  const { pairs } = matchRecordsToSpecs(specs, records);
  // No history: every step is checked on the working tree, as it is now.
  const { evidence, findings } = await runChecks({ workspace, specs: pairs, progress: options.progress });
  const failed = evidence.some((step) => step.status === 'fail') || findings.some((finding) => finding.severity === 'error');
  return {
    specs: pairs.map(({ spec, record }) => ({
      spec: spec.file,
      title: spec.title,
      record: record?.file ?? null,
      steps: evidence.filter((step) => step.spec === spec.file),
    })),
    findings,
    exitCode: failed ? 1 : 0,
  };
}

/** The specs named, each once, in the order given; one that matches none is an AuthorError (exit 2). */
async function namedSpecs(workspace: Awaited<ReturnType<typeof discover>>, options: CheckSpecsOptions): Promise<SpecDocument[]> {
  const files = [...new Set(options.specs.map((id) => resolveSpec(workspace.specFiles, id, workspace.root, options.cwd)))];
  return Promise.all(files.map((file) => readSpec(workspace, file)));
}

/** Every spec that parses (one that does not is for `sdd validate` to report). */
async function everySpec(root: string, files: readonly string[]): Promise<SpecDocument[]> {
  const parsed = await Promise.all(files.map(async (file) => parseSpec(file, await readFile(path.join(root, file), 'utf8')).document));
  return parsed.filter((spec): spec is SpecDocument => spec !== null && spec !== undefined);
}

async function readRecords(root: string, files: readonly string[]): Promise<ProvenanceDocument[]> {
  const parsed = await Promise.all(files.map(async (file) => parseProvenance(file, await readFile(path.join(root, file), 'utf8')).document));
  return parsed.filter((record): record is ProvenanceDocument => record !== null && record !== undefined);
}
