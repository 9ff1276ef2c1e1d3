import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { pathKind, readRepoFile } from '../files.js';
import { resolveRepoPath } from '../../repo-path.js';
import type { CheckKind } from '../types.js';
import { fail, pass, repoPath } from './common.js';

const Args = z.object({ path: repoPath }).strict();
type Args = z.infer<typeof Args>;

export const fileExists: CheckKind<Args> = {
  kind: 'file.exists',
  description: 'the file or directory exists',
  args: Args,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const resolved = resolveRepoPath(context.root, args.path);
    if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
    const kind = await pathKind(resolved.abs);
    if (kind === null) {
      const nearby = await similarNames(resolved.abs);
      const found = nearby.length > 0 ? `; the folder holds ${nearby.map((n) => `\`${n}\``).join(', ')}` : '';
      return fail(`\`${resolved.rel}\` does not exist`, [{ message: `\`${resolved.rel}\` does not exist${found}` }], {
        inputs: [{ path: resolved.rel, blob: null }],
      });
    }
    // Through the run's read memo: a later `contains` check of this file reuses the read and its hash.
    const read = kind === 'file' ? await readRepoFile(context.root, args.path, context.memo) : null;
    const blob = read?.state === 'ok' ? read.input.blob : null;
    return pass(`\`${resolved.rel}\` exists (${kind})`, [{ message: `\`${resolved.rel}\` exists (${kind})`, location: { file: resolved.rel, line: 1 } }], {
      inputs: [{ path: resolved.rel, blob }],
    });
  },
};

/** Names in the nearest existing folder that look like the missing one: "what was found instead". */
async function similarNames(abs: string): Promise<string[]> {
  const wanted = path.basename(abs).toLowerCase();
  const stem = wanted.replace(/\.[^.]*$/, '');
  const entries = await readdir(path.dirname(abs)).catch(() => [] as string[]);
  const similar = (name: string): boolean => {
    const other = name.toLowerCase().replace(/\.[^.]*$/, '');
    return stem !== '' && other !== '' && (other.includes(stem) || stem.includes(other));
  };
  return entries.filter(similar).slice(0, 5);
}
