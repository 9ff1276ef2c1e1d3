import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import { lineAt } from '../../text-position.js';
import { lineText, readRepoFile } from '../files.js';
import { escapeRegex } from '../regex.js';
import type { CheckKind } from '../types.js';
import { fail, pass, repoPath, unreadable } from './common.js';

const Args = z
  .object({
    path: repoPath,
    names: z.array(z.string().min(1)).min(1).describe('names that must each occur in the file'),
    matchCase: z.boolean().optional().describe('match letter case exactly (default: no, `ClusterSecretStore` matches `clustersecretstore`)'),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * Each name occurs somewhere in the file: the weakest statement about a file
 * that holds something, and so the one a prose step can be held to without
 * understanding it. Runs of whitespace in a name match any whitespace.
 */
export const fileMentions: CheckKind<Args> = {
  kind: 'file.mentions',
  description: 'every name occurs in the file (letter case and runs of whitespace ignored unless matchCase)',
  args: Args,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const read = await readRepoFile(context.root, args.path, context.memo);
    if (read.state !== 'ok') return unreadable(read);
    const found: EvidenceItem[] = [];
    const missing: string[] = [];
    for (const name of args.names) {
      const index = indexOfName(read.text, name, args.matchCase === true);
      if (index === -1) missing.push(name);
      else {
        const line = lineAt(read.text, index);
        found.push({ message: `\`${name}\`: ${lineText(read.text, line)}`, location: { file: read.rel, line } });
      }
    }
    const inputs = [read.input];
    const list = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');
    if (missing.length === 0) return pass(`\`${read.rel}\` mentions ${list(args.names)}`, found, { inputs });
    return fail(`\`${read.rel}\` does not mention ${list(missing)}`, [
      ...missing.map((name) => ({ message: `no occurrence of \`${name}\` in \`${read.rel}\``, location: { file: read.rel, line: 1 } })),
      ...found,
    ], { inputs });
  },
};

/** First index of `name` in `text`, whitespace runs matching any whitespace; -1 when absent. */
function indexOfName(text: string, name: string, matchCase: boolean): number {
  const pattern = name.trim().split(/\s+/).map(escapeRegex).join('\\s+');
  // Built from escaped literals and `\s+` only: no backtracking beyond linear.
  const match = new RegExp(pattern, matchCase ? 'u' : 'iu').exec(text);
  return match ? match.index : -1;
}
