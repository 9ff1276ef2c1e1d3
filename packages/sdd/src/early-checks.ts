import { createRunMemo, runChecks, type CheckStageResult } from './check/index.js';

import { secondsSince } from './check/progress.js';
import type { History } from './check/history/index.js';
import { specOfRecord } from './compare/document-rules.js';
import type { DocumentWorkspace } from './discover/index.js';
import type { ProvenanceDocument, SpecDocument, Workspace } from './model/index.js';
import { plural } from './plural.js';

/**
 * The check stage, started while the documents are still being parsed.
 *
 * The parse hands over each document as soon as it is known; once every spec
 * is in, each record that arrives is paired with its spec (`specOfRecord`,
 * the rule the pipeline pairs by) and that pair's checks run at once, one
 * pair at a time, while the worker parses on. At the end the real pairs are
 * known: a pair checked early is used only when it is the same spec with the
 * same record; any other pair is checked then. The result is the one
 * `runChecks` gives for all the pairs at once (same order, same evidence);
 * only the waiting is shorter.
 */
export interface EarlyChecks {
  /** A parsed document (null: it could not be read or parsed). */
  offer(kind: 'spec' | 'provenance', document: SpecDocument | ProvenanceDocument | null): void;
  /** Once the parse is done and git's facts are known: the stage's result for the real pairs. */
  finish(workspace: Workspace, pairs: Pair[]): Promise<CheckStageResult>;
  /** Pairs checked early, early pairs set aside (the real pairing differed), and pairs checked at the end. */
  readonly stats: { early: number; discarded: number; late: number };
}

type Pair = { spec: SpecDocument; record: ProvenanceDocument | null };

interface EarlyChecksInput {
  documents: DocumentWorkspace;
  /** git's facts, being read meanwhile. */
  workspace: Promise<Workspace>;
  /** Which specs are checked (the `--spec` selection), decided once every spec is parsed; null: no early checks. */
  selected: (specs: SpecDocument[]) => ReadonlySet<SpecDocument> | null;
  progress?: (message: string) => void;
  /** Judge records at their own commits (docs/history.md). */
  history?: History;
}

export function startEarlyChecks(input: EarlyChecksInput): EarlyChecks {
  // git's facts may fail (a `--base` that names no commit): the pipeline reports that itself, and an
  // early check that waited on them only rejects; nothing here may be an unhandled rejection.
  input.workspace.catch(() => undefined);
  const memo = createRunMemo(input.documents.config.commands.parallel, input.documents.config.limits.regexSeconds);
  const stats = { early: 0, discarded: 0, late: 0 };
  const specs: SpecDocument[] = [];
  let specsSeen = 0;
  let selected: ReadonlySet<SpecDocument> | null = null;
  const waiting: ProvenanceDocument[] = [];
  const early = new Map<SpecDocument, { record: ProvenanceDocument; result: Promise<CheckStageResult> }>();
  // One pair at a time: the checks share the machine with the parse, and commands take turns anyway.
  let queue: Promise<unknown> = Promise.resolve();
  const check = (workspace: Promise<Workspace>, pair: Pair): Promise<CheckStageResult> => {
    const result = queue.then(async () => {
      const steps = pair.spec.validationSteps.length;
      const started = performance.now();
      if (steps > 0) input.progress?.(`${pair.spec.file}: checking ${plural(steps, 'step')}`);
      const stage = await runChecks({ workspace: await workspace, specs: [pair], memo, progress: input.progress, history: input.history });
      if (steps > 0) input.progress?.(`${pair.spec.file}: ${plural(steps, 'step')} checked in ${secondsSince(started)} (${tally(stage)})`);
      return stage;
    });
    queue = result.catch(() => undefined);
    return result;
  };

  const pairEarly = (record: ProvenanceDocument) => {
    const spec = specOfRecord(record, specs);
    // The first record of a spec (by file name) is the one paired; a later one is settled at the end.
    if (!spec || !selected?.has(spec) || early.has(spec)) return;
    stats.early += 1;
    early.set(spec, { record, result: check(input.workspace, { spec, record }) });
  };

  return {
    stats,
    offer(kind, document) {
      if (kind === 'spec') {
        specsSeen += 1;
        if (document) specs.push(document as SpecDocument);
        if (specsSeen < input.documents.specFiles.length) return;
        // Every spec is in: pair what waited, in file order, as the pipeline does.
        specs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
        selected = input.selected(specs);
        for (const record of waiting.splice(0).sort((a, b) => a.file.localeCompare(b.file))) pairEarly(record);
        return;
      }
      if (!document) return;
      if (specsSeen < input.documents.specFiles.length) waiting.push(document as ProvenanceDocument);
      else pairEarly(document as ProvenanceDocument);
    },
    async finish(workspace, pairs) {
      const used = new Set<SpecDocument>();
      const results = pairs.map((pair) => {
        const done = early.get(pair.spec);
        if (done && done.record === pair.record) {
          used.add(pair.spec);
          return done.result;
        }
        stats.late += 1;
        return check(Promise.resolve(workspace), pair);
      });
      stats.discarded = early.size - used.size;
      const stages = await Promise.all(results);
      return { evidence: stages.flatMap((stage) => stage.evidence), findings: stages.flatMap((stage) => stage.findings) };
    },
  };
}


/** `3 pass, 1 fail, 2 manual`: what a CI log shows for a spec as its checks end. */
function tally(stage: CheckStageResult): string {
  const counts = new Map<string, number>();
  for (const step of stage.evidence) counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}
