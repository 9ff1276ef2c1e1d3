import picomatch from 'picomatch';
import { z } from 'zod';
import { recordChange, type NetChange } from '../../discover/record-change.js';
import type { CheckKind } from '../types.js';
import { fail, notRun, pass } from './common.js';
import { plural } from '../../plural.js';

const Args = z
  .object({
    paths: z.array(z.string().min(1)).min(1).optional().describe('files or folders (ending in /) the change must not have modified, deleted or renamed'),
    globs: z.array(z.string().min(1)).min(1).optional().describe('files the change must not have modified (picomatch globs; files it created are allowed)'),
    except: z.array(z.string().min(1)).optional().describe('paths left out of `globs`'),
  })
  .strict()
  .superRefine((args, ctx) => {
    if (args.paths === undefined && args.globs === undefined) ctx.addIssue({ code: 'custom', message: 'give `paths` or `globs`' });
    if (args.except !== undefined && args.globs === undefined) ctx.addIssue({ code: 'custom', path: ['except'], message: '`except` needs `globs`' });
  });
type Args = z.infer<typeof Args>;

/**
 * The change the provenance record describes (its commits, or the `--base`
 * range, as compare reads it) left these files alone. Files it created do
 * not count against a glob: "no existing workflow was modified".
 */
export const gitUnchanged: CheckKind<Args> = {
  kind: 'git.unchanged',
  description: "the record's change did not modify the paths (or the files matching the globs)",
  args: Args,
  // git's facts and the record only: the same at any point.
  reads: () => 'nothing',
  async run(args, context) {
    if (!context.git) return notRun('not a git repository');
    if (!context.record) return notRun('no provenance record: the change it describes is unknown');
    const change = recordChange(context.git, context.record.file);
    if (change.files === null) return notRun(change.problem?.message ?? 'the change the record describes cannot be told');
    const changed = changedFiles(change.files, args);
    const scope = `${plural(change.change.commits.length, 'commit')}${change.change.includesWorkingTree ? ' and the working tree' : ''}`;
    const what = describe(args);
    if (changed.length === 0) return pass(`${what} unchanged by the record's change (${scope})`, [{ message: `the record's change: ${scope}` }]);
    return fail(
      `the record's change ${changed.map((c) => `${c.actual === 'renamed' ? `renamed \`${c.oldPath ?? ''}\` to` : c.actual} \`${c.path}\``).join(', ')}`,
      changed.map((c) => ({ message: `\`${c.oldPath ?? c.path}\` ${c.actual} by the record's change (${scope})`, ...(c.actual === 'deleted' ? {} : { location: { file: c.path, line: 1 } }) })),
    );
  },
};

function describe(args: Args): string {
  const parts = [...(args.paths ?? []).map((p) => `\`${p}\``), ...(args.globs ?? []).map((g) => `\`${g}\``)];
  const except = args.except && args.except.length > 0 ? ` (except ${args.except.map((p) => `\`${p}\``).join(', ')})` : '';
  return `${parts.join(', ')}${except}`;
}

/** The changes that break the statement: any change of a named path; a modification of a file matching a glob. */
export function changedFiles(files: readonly NetChange[], args: Pick<Args, 'paths' | 'globs' | 'except'>): NetChange[] {
  const named = (args.paths ?? []).map((p) => p.replace(/^\.\//, ''));
  const covers = (file: string) => named.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
  const matches = args.globs ? picomatch(args.globs, { dot: true }) : () => false;
  const except = new Set((args.except ?? []).map((p) => p.replace(/^\.\//, '')));
  return files.filter((change) => {
    if (change.actual === 'added') return false;
    const before = change.oldPath ?? change.path;
    if (covers(before) || covers(change.path)) return true;
    return change.actual === 'modified' && matches(change.path) && !except.has(change.path);
  });
}
