import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { pathKind } from '../files.js';
import { resolveRepoPath } from '../../repo-path.js';
import type { CheckKind } from '../types.js';
import { fail, pass, repoPath } from './common.js';
import { plural } from '../../plural.js';

const Args = z
  .object({
    path: repoPath,
    count: z.number().int().min(0).optional().describe('number of files'),
    exactly: z.array(z.string().min(1)).optional().describe('the file names, relative to the directory'),
    recursive: z.boolean().optional().describe('count files in subdirectories too (default false)'),
  })
  .strict()
  .refine((args) => args.count !== undefined || args.exactly !== undefined, { message: 'give `count`, `exactly`, or both' });
type Args = z.infer<typeof Args>;

/** Generous: a directory named in a spec is small; past this the check says so instead of walking on. */
const MAX_ENTRIES = 10_000;

export const dirFiles: CheckKind<Args> = {
  kind: 'dir.files',
  description: 'the directory holds that many files / exactly those names',
  args: Args,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const resolved = resolveRepoPath(context.root, args.path);
    if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
    const kind = await pathKind(resolved.abs);
    // The directory is the input (its listing, not a blob): a later run can tell whether it changed.
    const inputs = [{ path: resolved.rel, blob: null }];
    if (kind !== 'directory') {
      const what = kind === null ? 'does not exist' : `is not a directory (${kind})`;
      return fail(`\`${resolved.rel}\` ${what}`, [{ message: `\`${resolved.rel}\` ${what}` }], { inputs });
    }
    const files = (await listFiles(resolved.abs, args.recursive ?? false)).sort();
    const where = `\`${resolved.rel}/\``;
    const problems: string[] = [];
    if (args.count !== undefined && files.length !== args.count) problems.push(`holds ${plural(files.length, 'file')}, not ${args.count}`);
    if (args.exactly !== undefined) {
      const wanted = new Set(args.exactly.map((name) => name.replace(/^\.\//, '')));
      const missing = [...wanted].filter((name) => !files.includes(name));
      const extra = files.filter((name) => !wanted.has(name));
      if (missing.length > 0) problems.push(`lacks ${missing.map((n) => `\`${n}\``).join(', ')}`);
      if (extra.length > 0) problems.push(`also holds ${extra.map((n) => `\`${n}\``).join(', ')}`);
    }
    const evidence = [{ message: `${where} holds ${plural(files.length, 'file')}: ${files.join(', ') || '(none)'}`, location: { file: resolved.rel, line: 1 } }];
    if (problems.length === 0) return pass(`${where} holds ${plural(files.length, 'file')} as expected`, evidence, { inputs });
    return fail(`${where} ${problems.join('; ')}`, evidence, { inputs });
  },
};

/** File names (not directories) under `dir`, relative to it, with forward slashes. */
async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (out.length >= MAX_ENTRIES) return;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(full);
      } else {
        out.push(path.relative(dir, full).split(path.sep).join('/'));
      }
    }
  };
  await walk(dir);
  return out;
}
