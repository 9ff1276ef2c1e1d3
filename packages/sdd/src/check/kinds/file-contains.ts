import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import { lineAt } from '../../text-position.js';
import { lineText, readRepoFile } from '../files.js';
import { regexError, searchRegex, searchText } from '../regex.js';
import type { CheckKind, KindResult, RunMemo } from '../types.js';
import { fail, notRun, pass, repoPath, unreadable } from './common.js';
import { plural } from '../../plural.js';

/** How many matches the evidence names by file:line. */
const SHOWN = 5;

const needle = {
  path: repoPath,
  text: z.string().min(1).optional().describe('literal text'),
  pattern: z.string().min(1).optional().describe('JavaScript regular expression'),
  flags: z.string().regex(/^[imsuy]*$/, 'flags may be i, m, s, u, y').optional(),
};

function oneNeedle(args: { text?: string; pattern?: string; flags?: string }, ctx: z.RefinementCtx): void {
  if ((args.text === undefined) === (args.pattern === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of `text` or `pattern`' });
  }
  if (args.flags !== undefined && args.pattern === undefined) ctx.addIssue({ code: 'custom', message: '`flags` needs `pattern`', path: ['flags'] });
  const invalid = args.pattern === undefined ? null : regexError(args.pattern, args.flags);
  if (invalid) ctx.addIssue({ code: 'custom', message: invalid, path: ['pattern'] });
}

const ContainsArgs = z
  .object({ ...needle, count: z.number().int().min(1).optional().describe('minimum number of matches (default 1)') })
  .strict()
  .superRefine(oneNeedle);
type ContainsArgs = z.infer<typeof ContainsArgs>;

const NotContainsArgs = z.object(needle).strict().superRefine(oneNeedle);
type NotContainsArgs = z.infer<typeof NotContainsArgs>;

interface Matches {
  total: number;
  evidence: EvidenceItem[];
}

/** Finds the needle; a regex that runs too long gives the reason instead. */
async function find(args: NotContainsArgs, root: string, memo?: RunMemo): Promise<{ result: KindResult } | { matches: Matches; rel: string; input: KindResult['inputs'] }> {
  const read = await readRepoFile(root, args.path, memo);
  if (read.state !== 'ok') return { result: unreadable(read) };
  const search = args.text !== undefined ? searchText(read.text, args.text) : searchRegex(read.text, args.pattern ?? '', args.flags, memo?.regexBudget);
  if (!search.ok) return { result: notRun(search.reason, [], { inputs: [read.input] }) };
  const evidence = search.indices.slice(0, SHOWN).map((index) => {
    const line = lineAt(read.text, index);
    return { message: lineText(read.text, line), location: { file: read.rel, line } };
  });
  return { matches: { total: search.total, evidence }, rel: read.rel, input: [read.input] };
}

function describe(args: NotContainsArgs): string {
  return args.text !== undefined ? `\`${args.text}\`` : `/${args.pattern}/${args.flags ?? ''}`;
}

export const fileContains: CheckKind<ContainsArgs> = {
  kind: 'file.contains',
  description: 'the file content matches the text or pattern (at least `count` times)',
  args: ContainsArgs,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const found = await find(args, context.root, context.memo);
    if ('result' in found) return found.result;
    const { matches, rel, input } = found;
    const wanted = args.count ?? 1;
    const what = describe(args);
    if (matches.total >= wanted) {
      return pass(`\`${rel}\` contains ${what} (${plural(matches.total, 'match')})`, matches.evidence, { inputs: input });
    }
    const summary = matches.total === 0 ? `\`${rel}\` does not contain ${what}` : `\`${rel}\` contains ${what} ${matches.total} times, fewer than ${wanted}`;
    return fail(summary, matches.total === 0 ? [{ message: `no match for ${what} in \`${rel}\``, location: { file: rel, line: 1 } }] : matches.evidence, { inputs: input });
  },
};

export const fileNotContains: CheckKind<NotContainsArgs> = {
  kind: 'file.not-contains',
  description: 'the file content does not match the text or pattern',
  args: NotContainsArgs,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const found = await find(args, context.root, context.memo);
    if ('result' in found) return found.result;
    const { matches, rel, input } = found;
    const what = describe(args);
    if (matches.total === 0) return pass(`\`${rel}\` does not contain ${what}`, [{ message: `no match for ${what}`, location: { file: rel, line: 1 } }], { inputs: input });
    return fail(`\`${rel}\` contains ${what} (${plural(matches.total, 'match')})`, matches.evidence, { inputs: input });
  },
};
