import { access } from 'node:fs/promises';
import path from 'node:path';
import { planNewSpec } from '../../author/workflow.js';
import { writeFileAtomic } from '../../write-file.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';

export interface NewSpecFlags {
  root: string;
  config?: string;
  slug?: string;
}

/** `sdd new spec "Title"`: the next free number, from the repository's template; never over an existing file. */
export async function newSpecCommand(title: string, flags: NewSpecFlags, io: CliIO): Promise<number> {
  const root = path.resolve(io.cwd, flags.root);
  const planned = await planNewSpec({ root, configPath: flags.config, title, slug: flags.slug });
  const target = path.join(root, planned.file);
  if (await exists(target)) {
    io.stderr(`sdd: ${planned.file} already exists; not overwritten\n`);
    return EXIT.usage;
  }
  await writeFileAtomic(target, planned.text);
  if (planned.usedTemplate === null) io.stderr(`sdd: no spec template in this repository; used the built-in one (sdd init writes it to ${path.posix.dirname(planned.file)}/template.md, to make your own)\n`);
  io.stdout(`${planned.file}\n`);
  return EXIT.ok;
}

export const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
