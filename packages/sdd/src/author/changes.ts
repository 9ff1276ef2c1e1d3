import { changeOfRecord } from '../compare/change-of-record.js';
import { netChanges, type NetChange } from '../discover/record-change.js';
import type { ArtifactStatus, GitActual, GitFacts } from '../model/index.js';

/**
 * The files a draft lists: the change validate will compare the record
 * with (compare's own definition, so that a fresh draft is in line with
 * it), as Artifacts Produced statuses.
 */

export interface ArtifactFact {
  path: string;
  status: Exclude<ArtifactStatus, 'Unchanged'>;
  /** The previous path, for a rename. */
  oldPath?: string;
}

const STATUS_OF: Record<Exclude<GitActual, 'untouched'>, ArtifactFact['status']> = {
  added: 'Created',
  modified: 'Modified',
  deleted: 'Deleted',
  renamed: 'Renamed',
};

export function statusOf(actual: GitActual | null): ArtifactFact['status'] | null {
  return actual === null || actual === 'untouched' ? null : STATUS_OF[actual];
}

function factOf(change: NetChange): ArtifactFact {
  const fact: ArtifactFact = { path: change.path, status: STATUS_OF[change.actual] };
  if (change.actual === 'renamed' && change.oldPath !== undefined) fact.oldPath = change.oldPath;
  return fact;
}

/**
 * The change a new record describes: with `--base`, the commits after it and
 * the working tree; otherwise the change of an existing record (redrafting),
 * else the uncommitted work, which is what validate reads for a record that
 * is not committed yet.
 */
export function draftArtifacts(git: GitFacts, recordFile: string): ArtifactFact[] {
  const { files } = changeOfRecord(git, recordFile);
  return (files ?? netChanges([], git.workingTree)).map(factOf);
}

/** Adds the record itself when the change does not show it yet (it is about to be written). */
export function withRecord(facts: readonly ArtifactFact[], recordPath: string): ArtifactFact[] {
  if (facts.some((fact) => fact.path === recordPath)) return [...facts];
  return [...facts, { path: recordPath, status: 'Created' }];
}
