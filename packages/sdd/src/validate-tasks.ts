import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareTaskLists, selectsTaskSource, type TaskListInput } from './compare/tasks.js';
import { readBranchRefs, type BranchRef } from './discover/git-refs.js';
import type { DocumentWorkspace } from './discover/index.js';
import { listTaskRoots, taskSourcesIn } from './discover/task-layouts.js';
import type { FileLookup } from './compare/artifacts.js';
import type { TaskListDocument, TaskListResult, TaskSource, Workspace } from './model/index.js';
import { specSaysDone, type ParseResult } from './parse/index.js';

/**
 * The task-list path of `sdd validate` (spec-kit features, OpenSpec
 * changes), beside the sdd documents: found with the documents, parsed with
 * them (same cache, same worker), judged after them. Kept here so that the
 * pipeline in `validate.ts` gains three calls, not a second pipeline.
 */

/** The features and changes with a task list under the configured roots. */
export async function discoverTaskSources(documents: DocumentWorkspace): Promise<TaskSource[]> {
  const { specKit, openSpec } = documents.config.tasks;
  if (specKit.length === 0 && openSpec.length === 0) return [];
  const paths = await listTaskRoots(documents.root, documents.config.tasks, documents.configFile ?? '.sdd/config.yaml');
  return taskSourcesIn(paths, documents.config.tasks);
}

/** git's branches, when a spec-kit feature may have one (no branch is looked up otherwise). */
export function readTaskRefs(root: string, sources: readonly TaskSource[]): Promise<BranchRef[]> {
  return sources.some((source) => source.layout === 'spec-kit') ? readBranchRefs(root) : Promise.resolve([]);
}

/** The sources a `--spec` selection names; every one without a selection. */
export function selectTaskSources(sources: readonly TaskSource[], filters: readonly string[] | undefined): TaskSource[] {
  if (!filters || filters.length === 0) return [...sources];
  return sources.filter((source) => filters.some((filter) => selectsTaskSource(source, filter)));
}

interface JudgeTaskListsInput {
  workspace: Workspace;
  sources: readonly TaskSource[];
  parsed: ReadonlyMap<string, ParseResult<TaskListDocument>>;
  refs: readonly BranchRef[];
  probe: FileLookup;
  strict: boolean;
}

export function judgeTaskLists(input: JudgeTaskListsInput): TaskListResult[] {
  const lists: TaskListInput[] = input.sources.map((source) => {
    const result = input.parsed.get(source.tasksFile);
    return {
      source,
      document: result?.document ?? null,
      parseFindings: result?.findings ?? [],
      specStatus: source.specFile === null ? null : readSpecStatus(input.workspace.root, source.specFile),
    };
  });
  return compareTaskLists({ lists, git: input.workspace.git, refs: input.refs, probe: input.probe, config: input.workspace.config, strict: input.strict });
}

/** What a feature's spec.md says of its state; null when it cannot be read or says nothing. */
function readSpecStatus(root: string, file: string): { status: string; done: boolean } | null {
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return null;
  }
  return specSaysDone(file, text);
}

/** A `--spec` filter that names a task source is not a usage error. */
export function namesTaskSource(sources: readonly TaskSource[], filter: string): boolean {
  return sources.some((source) => selectsTaskSource(source, filter));
}
