import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CiProvider, InitFile } from '../../author/init.js';
import type { PackageManagerName } from '../../discover/package-manager.js';
import { writeFileAtomic } from '../../write-file.js';
import type { CliIO } from '../io.js';
import { EXIT } from '../exit.js';

export interface InitFlags {
  root: string;
  ci: CiProvider;
  packageManager?: PackageManagerName;
  force?: boolean;
}

/**
 * `sdd init`: every target is looked at before anything is written, so that
 * a refusal leaves the repository as it was. A file that already holds what
 * init would write is no conflict (a second init exits 0); any other
 * existing file is named, and nothing is written unless `--force`.
 */
export async function initCommand(flags: InitFlags, io: CliIO): Promise<number> {
  const { planInit } = await import('../../author/init.js');
  const root = path.resolve(io.cwd, flags.root);
  const plan = await planInit({ root, ci: flags.ci, packageManager: flags.packageManager });
  const write: InitFile[] = [];
  const conflicts: string[] = [];
  const notes: string[] = [];
  const unchanged: string[] = [];
  for (const planned of plan.files) {
    const current = await readFile(path.join(root, planned.file), 'utf8').catch(() => null);
    if (current === null) write.push(planned);
    else if (current === planned.text) unchanged.push(planned.file);
    else if (planned.onlyIfAbsent) notes.push(`${planned.file} exists and is left as it is; ${planned.onlyIfAbsent.otherwise}`);
    else if (flags.force) write.push(planned);
    else conflicts.push(planned.file);
  }
  if (conflicts.length > 0) {
    for (const file of conflicts) io.stderr(`sdd: ${file} already exists; not overwritten\n`);
    io.stderr('sdd: nothing written; move those files away, or run sdd init --force to overwrite them\n');
    return EXIT.usage;
  }
  for (const planned of write) {
    await writeFileAtomic(path.join(root, planned.file), planned.text);
    io.stdout(`${planned.file}\n`);
  }
  io.stderr(`sdd: package manager: ${plan.packageManager.name} (${plan.packageManager.reason})\n`);
  for (const line of plan.found) io.stderr(`sdd: found ${line}\n`);
  if (unchanged.length > 0) io.stderr(`sdd: already as init writes them: ${unchanged.join(', ')}\n`);
  for (const note of notes) io.stderr(`sdd: ${note}\n`);
  io.stderr(`sdd: next: ${plan.next}\n`);
  return EXIT.ok;
}
