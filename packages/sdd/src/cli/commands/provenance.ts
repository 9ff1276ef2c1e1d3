import path from 'node:path';
import { syncProvenance, MAX_SYNC_PASSES } from '../../author/sync-loop.js';
import { AuthorError, draftProvenance } from '../../author/workflow.js';
import { isInside, toPosix } from '../../discover/index.js';
import { writeFileAtomic } from '../../write-file.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { exists } from './new.js';

export interface DraftFlags {
  root: string;
  config?: string;
  out?: string;
  base?: string;
  date?: string;
  agent?: string;
  force?: boolean;
}

/** `sdd provenance draft <spec>`: the record prefilled from git and the checks; never over an existing one unless --force. */
export async function draftCommand(spec: string, flags: DraftFlags, io: CliIO): Promise<number> {
  if (flags.date !== undefined && !isCalendarDate(flags.date)) throw new AuthorError(`--date ${flags.date}: expected YYYY-MM-DD`);
  const root = path.resolve(io.cwd, flags.root);
  const toStdout = flags.out === '-';
  const target = flags.out === undefined || toStdout ? null : path.resolve(io.cwd, flags.out);
  const recordFile = target && isInside(root, target) ? toPosix(path.relative(root, target)) : undefined;
  const draft = await draftProvenance({
    root,
    cwd: io.cwd,
    configPath: flags.config,
    spec,
    base: flags.base,
    date: flags.date ?? new Date().toISOString().slice(0, 10),
    agent: flags.agent ?? nonEmpty(io.env.SDD_AGENT),
    recordFile,
  });
  for (const note of draft.notes) io.stderr(`sdd: ${note}\n`);
  if (toStdout) {
    io.stdout(draft.text);
    return EXIT.ok;
  }
  const output = target ?? path.join(root, draft.file);
  const shown = toPosix(path.relative(io.cwd, output));
  if (!flags.force && (await exists(output))) {
    io.stderr(`sdd: ${shown} already exists; not overwritten (use --force, or sdd provenance sync to update its tables)\n`);
    return EXIT.usage;
  }
  await writeFileAtomic(output, draft.text);
  io.stderr(`sdd: fill in the places marked "sdd: fill in", then run sdd validate\n`);
  io.stdout(`${shown}\n`);
  return EXIT.ok;
}

export interface SyncFlags {
  root: string;
  config?: string;
  base?: string;
  check?: boolean;
}

/** `sdd provenance sync <record>`: the two tables rewritten from the evidence (`--check`: only say whether they would change). */
export async function syncCommand(record: string, flags: SyncFlags, io: CliIO): Promise<number> {
  const run = await syncProvenance({
    root: path.resolve(io.cwd, flags.root),
    cwd: io.cwd,
    configPath: flags.config,
    record,
    base: flags.base,
    check: flags.check,
    notes: (notes) => notes.forEach((note) => io.stderr(`  ${note}\n`)),
  });
  switch (run.status) {
    case 'would-change':
      io.stdout(`${run.file}: out of line with the evidence; sdd provenance sync would change it\n`);
      return EXIT.findings;
    case 'unsettled':
      io.stderr(`sdd: ${run.file} still changes after ${MAX_SYNC_PASSES} passes; run sync again and check the notes\n`);
      return EXIT.findings;
    case 'synced':
      io.stdout(`${run.file}: synced\n`);
      return EXIT.ok;
    case 'in-line':
      io.stdout(flags.check ? `${run.file}: in line with the evidence\n` : `${run.file}: already in line with the evidence\n`);
      return EXIT.ok;
  }
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
