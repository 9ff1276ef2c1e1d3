import { z } from 'zod';
import { readRepoFile } from '../files.js';
import type { CheckKind } from '../types.js';
import { fail, pass, repoPath, unreadable } from './common.js';

const Args = z.object({ path: repoPath, to: repoPath }).strict();
type Args = z.infer<typeof Args>;

export const fileIdentical: CheckKind<Args> = {
  kind: 'file.identical',
  description: 'both files have the same bytes',
  args: Args,
  reads: (args) => ({ paths: [args.path, args.to] }),
  async run(args, context) {
    const [a, b] = await Promise.all([readRepoFile(context.root, args.path, context.memo), readRepoFile(context.root, args.to, context.memo)]);
    if (a.state !== 'ok') return unreadable(a);
    if (b.state !== 'ok') return unreadable(b);
    const inputs = [a.input, b.input];
    if (a.bytes.equals(b.bytes)) {
      return pass(`\`${a.rel}\` and \`${b.rel}\` are identical`, [{ message: `both are blob ${a.input.blob ?? ''}` }], { inputs });
    }
    const line = firstDifferentLine(a.text, b.text);
    return fail(`\`${a.rel}\` and \`${b.rel}\` differ from line ${line.number}`, [
      { message: `\`${a.rel}\`: ${line.left ?? '(end of file)'}`, location: { file: a.rel, line: line.number } },
      { message: `\`${b.rel}\`: ${line.right ?? '(end of file)'}`, location: { file: b.rel, line: line.number } },
    ], { inputs });
  },
};

function firstDifferentLine(left: string, right: string): { number: number; left?: string; right?: string } {
  const a = left.split('\n');
  const b = right.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { number: i + 1, left: a[i], right: b[i] };
  }
  // Same lines, different bytes (line endings, encoding): name the first line.
  return { number: 1, left: a[0], right: b[0] };
}
