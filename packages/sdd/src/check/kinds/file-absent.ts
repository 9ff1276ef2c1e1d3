import { z } from 'zod';
import { pathKind } from '../files.js';
import { resolveRepoPath } from '../../repo-path.js';
import type { CheckKind } from '../types.js';
import { fail, pass, repoPath } from './common.js';

const Args = z.object({ path: repoPath }).strict();
type Args = z.infer<typeof Args>;

export const fileAbsent: CheckKind<Args> = {
  kind: 'file.absent',
  description: 'nothing exists at the path',
  args: Args,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const resolved = resolveRepoPath(context.root, args.path);
    if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
    const kind = await pathKind(resolved.abs);
    const inputs = [{ path: resolved.rel, blob: null }];
    if (kind === null) return pass(`\`${resolved.rel}\` does not exist`, [{ message: `nothing at \`${resolved.rel}\`` }], { inputs });
    return fail(`\`${resolved.rel}\` still exists (${kind})`, [{ message: `\`${resolved.rel}\` exists (${kind})`, location: { file: resolved.rel, line: 1 } }], { inputs });
  },
};
