import type { ListItem, SourceLocation } from '../model/index.js';
import { looksLikePath } from './classify.js';
import { leavesRepository, normaliseDocumentPath } from './document-paths.js';

/**
 * The file changes a record's Actions Taken claim, read from its list items.
 */

type ActionKind = 'created' | 'modified' | 'deleted';

interface FileAction {
  kind: ActionKind;
  path: string;
  location: SourceLocation;
}

/** Verbs that say a file changed. Deliberately few: "Read", "Confirmed", "Ran", "Committed" change nothing. */
const ACTION_VERBS: Record<string, ActionKind> = {
  created: 'created',
  wrote: 'created',
  modified: 'modified',
  updated: 'modified',
  overwrote: 'modified',
  rewrote: 'modified',
  replaced: 'modified',
  edited: 'modified',
  deleted: 'deleted',
  removed: 'deleted',
};

/**
 * The file changes Actions Taken claim. Conservative: an item counts only
 * when it starts with a change verb followed directly by a path code span
 * ("Created `a`", "Modified `a` and `b` — …"), or after a short lead-in
 * phrase and a colon ("Modified, for the merge: `a`, `b`"). A nested item that starts
 * with a file name under an action on a directory (`versions.tf` under
 * "Created `infra/modules/keyvault/` directory with 4 files:") is a file in
 * that directory, with its parent's verb.
 */
export function fileActions(items: readonly ListItem[], parent: { kind: ActionKind; directory: string } | null = null): FileAction[] {
  const actions: FileAction[] = [];
  for (const item of items) {
    const own = actionOf(item);
    let context: { kind: ActionKind; directory: string } | null = null;
    if (own) {
      for (const file of own.paths) actions.push({ kind: own.kind, path: normaliseDocumentPath(file).path, location: item.location });
      const directory = own.paths.find((file) => file.endsWith('/'));
      if (directory) context = { kind: own.kind, directory: normaliseDocumentPath(directory).path };
    } else if (parent) {
      const first = item.codeSpans[0];
      if (first !== undefined && item.text.trimStart().startsWith(first) && looksLikePath(first) && !leavesRepository(first)) {
        actions.push({ kind: parent.kind, path: normaliseDocumentPath(`${parent.directory}/${first}`).path, location: item.location });
      }
    }
    actions.push(...fileActions(item.children, context));
  }
  return actions;
}

function actionOf(item: ListItem): { kind: ActionKind; paths: string[] } | null {
  const text = item.text.trimStart();
  const verb = /^([A-Za-z]+)(?:\s+|,\s*)/.exec(text);
  const kind = verb ? ACTION_VERBS[verb[1]?.toLowerCase() ?? ''] : undefined;
  if (!verb || !kind) return null;
  let rest = text.slice(verb[0].length).replace(/^(?:the\s+)?(?:new\s+)?(?:file|directory|folder)?\s*/i, '');
  // "Modified, for the review: `a`, `b`": a short phrase without code, then a colon, then the list.
  const lead = /^[^:\n]{1,120}?:\s*/.exec(rest);
  const first = item.codeSpans[0];
  if (lead && first !== undefined && !lead[0].includes(first) && rest.slice(lead[0].length).startsWith(first)) rest = rest.slice(lead[0].length);
  const paths: string[] = [];
  for (const span of item.codeSpans) {
    if (!rest.startsWith(span)) break;
    if (!looksLikePath(span) || leavesRepository(span)) break;
    paths.push(span);
    rest = rest.slice(span.length);
    const joiner = /^(?:,\s*(?:and\s+)?|\s+and\s+)/.exec(rest);
    if (!joiner) break;
    rest = rest.slice(joiner[0].length);
  }
  return paths.length > 0 ? { kind, paths } : null;
}
