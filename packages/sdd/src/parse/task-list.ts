import type { Heading, List, ListItem as MdListItem, Nodes, RootContent } from 'mdast';
import type { Task, TaskListDocument } from '../model/index.js';
import { readFrontMatter } from './front-matter.js';
import { fieldNamed, headerFieldsOf } from './header-fields.js';
import type { MarkdownSource } from './markdown.js';
import { endOffset, flatText, locationOf, parseMarkdown, startOffset } from './markdown.js';
import type { ParseContext } from './rules.js';
import { report } from './rules.js';
import { filesNamedIn } from './task-files.js';

/**
 * A spec-kit or OpenSpec `tasks.md` → its claims. A task is a GFM task-list
 * item (`- [x]`, `- [X]`, `- [ ]`, in any list, at any depth, ordered or not):
 * its id (`T012`, `1.2`, `T-006`), its markers (`[P]`, `[US1]`), the heading
 * it stands under, its text with the plain sub-items under it, and the files
 * it names. A checkbox sub-item is a task of its own, with its parent's line.
 */

export function taskListDocumentOf(context: ParseContext): TaskListDocument {
  const source = parseMarkdown(context.file, context.text);
  // Front matter (spec-kit's template has some) is reported when it is broken, like any document's.
  context.findings.push(...readFrontMatter(context.file, source.root).findings);
  const tasks: Task[] = [];
  let title: string | null = null;
  let phase: string | null = null;
  for (const block of source.root.children) {
    if (block.type === 'heading') {
      if (block.depth === 1 && title === null) title = flatText(block);
      else if (block.depth > 1) phase = flatText(block);
      continue;
    }
    for (const list of listsIn(block)) collectTasks(context, source, list, { phase, parentLine: null }, tasks);
  }
  if (tasks.length === 0) {
    report(context, 'tasks/no-tasks', `${context.file} holds no checkbox item (\`- [ ] …\` / \`- [x] …\`): no task to verify`, { file: context.file, line: 1 });
  }
  reportDuplicateIds(context, tasks);
  return { kind: 'tasks', file: context.file, title, tasks };
}

/** Lists directly in a block, or in a block quote (not inside code: remark keeps code as code). */
function listsIn(block: RootContent): List[] {
  if (block.type === 'list') return [block];
  if (block.type === 'blockquote') return block.children.flatMap(listsIn);
  return [];
}

interface Place {
  phase: string | null;
  parentLine: number | null;
}

function collectTasks(context: ParseContext, source: MarkdownSource, list: List, place: Place, tasks: Task[]): void {
  for (const item of list.children) {
    const line = item.position?.start.line ?? 1;
    const checkbox = item.checked === true || item.checked === false;
    if (!checkbox) reportLookalike(context, source, item);
    if (checkbox) tasks.push(taskOf(source, item, place));
    // Checkbox sub-items are tasks of their own; plain ones belong to this item's text (see `ownBlocks`).
    const parentLine = checkbox ? line : place.parentLine;
    for (const child of item.children) {
      if (child.type === 'list') collectTasks(context, source, child, { phase: place.phase, parentLine }, tasks);
    }
  }
}

function taskOf(source: MarkdownSource, item: MdListItem, place: Place): Task {
  const blocks = ownBlocks(item);
  const markdown = blocks.map((block) => source.text.slice(startOffset(source, block), endOffset(source, block))).join('\n');
  const { id, markers, rest } = splitHead(blocks.map((block) => flatText(block)).filter(Boolean).join(' '));
  return {
    id,
    checked: item.checked === true,
    text: rest,
    markdown,
    markers,
    phase: place.phase,
    parentLine: place.parentLine,
    named: filesNamedIn(markdown),
    location: locationOf(source, item),
  };
}

/** The item's own content: its blocks but sub-lists, plus the plain (non-checkbox) items of its sub-lists, at any depth. */
function ownBlocks(item: MdListItem): Nodes[] {
  return item.children.flatMap((child) =>
    child.type === 'list' ? child.children.flatMap((sub) => (sub.checked === true || sub.checked === false ? [] : ownBlocks(sub))) : [child],
  );
}

/** `T012`, `T-006`, `TASK-12`, `US1-T3`, `1.2`, `1.2.3`, `**T001**`, each optionally followed by `:` `.` `)`. */
const TASK_ID = /^\**((?:[A-Z]{1,6}\d*-)?T-?\d+[a-z]?|TASK-\d+|\d+(?:\.\d+)+[a-z]?)\**[:.)]?(?=\s|$)/;
/** `[P]`, `[US1]`, `[Story 2]`, `[FR-001]` right after the id. */
const MARKER = /^\[([^\]\n]{1,24})\]\s*/;

function splitHead(text: string): { id: string | null; markers: string[]; rest: string } {
  let rest = text.trim();
  const id = TASK_ID.exec(rest);
  if (id) rest = rest.slice(id[0].length).trimStart();
  const markers: string[] = [];
  for (let marker = MARKER.exec(rest); marker; marker = MARKER.exec(rest)) {
    // `[link text](…)` is text, not a marker.
    if (rest[marker[0].trimEnd().length] === '(') break;
    markers.push((marker[1] ?? '').trim());
    rest = rest.slice(marker[0].length);
  }
  return { id: id?.[1] ?? null, markers, rest: rest.trim() };
}

/** `[~] …`, `[-] …`, `[ x ] …`, `[] …`, `[✓] …`, `[x]T001`: meant as a checkbox, not one to GFM. */
const LOOKALIKE = /^\[\s*([xX✓✔✅☑~\-/>!?*+]?)\s*\]/;

function reportLookalike(context: ParseContext, source: MarkdownSource, item: MdListItem): void {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return;
  const head = source.text.slice(startOffset(source, first), startOffset(source, first) + 12);
  const match = LOOKALIKE.exec(head);
  if (!match) return;
  // `[link](url)` and `[P]`-like markers are not checkboxes; a letter other than x is a marker.
  if (head[match[0].length] === '(') return;
  report(
    context,
    'tasks/unknown-checkbox',
    `\`${match[0]}\` is not a checkbox sdd reads: write \`- [ ] \` for an open task or \`- [x] \` for a done one (with a space after); read as open`,
    locationOf(source, item),
  );
}

function reportDuplicateIds(context: ParseContext, tasks: readonly Task[]): void {
  const first = new Map<string, Task>();
  for (const task of tasks) {
    if (task.id === null) continue;
    const earlier = first.get(task.id);
    if (earlier) {
      report(context, 'tasks/duplicate-id', `task id ${task.id} is used again (first at line ${earlier.location.line})`, task.location);
    } else {
      first.set(task.id, task);
    }
  }
}

/** Words a spec's `**Status**:` uses for a feature that is claimed done. */
const DONE_STATUS = /^(?:complete|completed|implemented|done|merged|shipped|delivered|released|finished)\b/i;

/**
 * Whether a spec-kit `spec.md` says its feature is done: its `**Status**:`
 * field before the first section (`**Status**: Complete`). Null when it has
 * no Status field; the words read as done are in `DONE_STATUS`.
 */
export function specSaysDone(file: string, text: string): { status: string; done: boolean } | null {
  // The header sits above the first section: only that part is parsed.
  const head = text.slice(0, firstSectionAt(text));
  const source = parseMarkdown(file, head);
  const field = fieldNamed(headerFieldsOf(source, source.root.children.filter((block) => block.type !== 'heading' || (block as Heading).depth === 1)), 'Status');
  if (!field) return null;
  const status = field.value.replace(/[*_`✅]/g, '').trim();
  return { status, done: DONE_STATUS.test(status) };
}

function firstSectionAt(text: string): number {
  const match = /^#{2,6}\s/m.exec(text);
  return match ? match.index : Math.min(text.length, 20_000);
}
