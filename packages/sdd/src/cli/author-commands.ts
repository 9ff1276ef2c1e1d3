import { access } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIO } from './io.js';

/**
 * `sdd new spec`, `sdd provenance draft`, `sdd provenance sync`: the commands
 * that make the honest record the easy one to write. The library side is
 * `src/author/`; this module parses flags, writes files (atomically, never
 * over an existing file unless asked) and owns the exit codes.
 */

const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

interface CommonFlags {
  root: string;
  config?: string;
}

interface DraftFlags extends CommonFlags {
  out?: string;
  base?: string;
  date?: string;
  agent?: string;
  force?: boolean;
}

interface SyncFlags extends CommonFlags {
  base?: string;
  check?: boolean;
}

export function registerAuthorCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const rootOption = () => new Option('--root <dir>', 'repository root').default('.');
  const configOption = () => new Option('--config <file>', 'configuration file, relative to the root (default .sdd/config.yaml)');
  const run = (action: () => Promise<number>) => async () => setExit(await guarded(io, action));

  const create = program.command('new').description('create a spec from the template, with the next free number');
  create
    .command('spec')
    .description('create .sdd/specification/spec-NNNN-slug.md with the next free number, from the spec template')
    .argument('<title>', 'the spec title')
    .option('--slug <slug>', 'file name slug (default: from the title)')
    .addOption(rootOption())
    .addOption(configOption())
    .action((title: string, flags: CommonFlags & { slug?: string }) => run(() => newSpecCommand(title, flags, io))());

  const provenance = program.command('provenance').description('write a spec\'s record prefilled from git and the checks; keep its tables in line');
  provenance
    .command('draft')
    .description('write a provenance record prefilled from git and the spec checks; narrative sections are left to fill')
    .argument('<spec>', 'spec number, slug or path')
    .option('-o, --out <file>', 'where to write (default .sdd/provenance/spec-NNNN-slug.provenance.md; - for stdout)')
    .option('--base <rev>', 'the change also includes the commits in <rev>..HEAD (default: uncommitted changes only)')
    .option('--date <yyyy-mm-dd>', 'the Executed date (default: today, UTC)')
    .option('--agent <name>', 'the Agent field (default: $SDD_AGENT, else a placeholder to fill)')
    .option('--force', 'overwrite an existing record')
    .addOption(rootOption())
    .addOption(configOption())
    .action((spec: string, flags: DraftFlags) => run(() => draftCommand(spec, flags, io))());
  provenance
    .command('sync')
    .description('rewrite only the Artifacts Produced and Validation Results tables from the evidence validate measures')
    .argument('<provenance>', 'record path, or its spec number or slug')
    .option('--base <rev>', 'compare artifacts with the range <rev>..HEAD, as validate --base does')
    .option('--check', 'write nothing; exit 1 when sync would change the record, 0 when it is in line')
    .addOption(rootOption())
    .addOption(configOption())
    .action((record: string, flags: SyncFlags) => run(() => syncCommand(record, flags, io))());
}

/** Known failures become one line on stderr and exit 2; anything else is a bug and propagates. */
async function guarded(io: CliIO, action: () => Promise<number>): Promise<number> {
  const [{ AuthorError }, { ConfigError }, { GitBaseError }] = await Promise.all([
    import('../author/workflow.js'),
    import('../discover/config.js'),
    import('../discover/git.js'),
  ]);
  try {
    return await action();
  } catch (error) {
    if (error instanceof AuthorError || error instanceof GitBaseError) {
      io.stderr(`sdd: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      io.stderr(`sdd: ${where}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function newSpecCommand(title: string, flags: CommonFlags & { slug?: string }, io: CliIO): Promise<number> {
  const [{ planNewSpec }, { writeFileAtomic }] = await Promise.all([import('../author/workflow.js'), import('./io.js')]);
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

async function draftCommand(spec: string, flags: DraftFlags, io: CliIO): Promise<number> {
  const [{ AuthorError, draftProvenance }, { writeFileAtomic }, { isInside, toPosix }] = await Promise.all([
    import('../author/workflow.js'),
    import('./io.js'),
    import('../discover/index.js'),
  ]);
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

/** Passes before sync gives up settling: checks that read the record (git.committed-together) may change with it. */
const MAX_SYNC_PASSES = 3;

async function syncCommand(record: string, flags: SyncFlags, io: CliIO): Promise<number> {
  const [{ planSync }, { writeFileAtomic }] = await Promise.all([import('../author/workflow.js'), import('./io.js')]);
  const root = path.resolve(io.cwd, flags.root);
  const plan = () => planSync({ root, cwd: io.cwd, configPath: flags.config, record, base: flags.base });
  let current = await plan();
  const report = (notes: readonly string[]) => notes.forEach((note) => io.stderr(`  ${note}\n`));
  report(current.notes);
  if (flags.check) {
    const changed = current.after !== current.before;
    io.stdout(changed ? `${current.file}: out of line with the evidence; sdd provenance sync would change it\n` : `${current.file}: in line with the evidence\n`);
    return changed ? EXIT.findings : EXIT.ok;
  }
  let passes = 0;
  // A rewritten table can change what a check measures; sync again until the record agrees with itself.
  while (current.after !== current.before && passes < MAX_SYNC_PASSES) {
    await writeFileAtomic(path.join(root, current.file), current.after);
    passes += 1;
    current = await plan();
    if (current.after !== current.before) report(current.notes);
  }
  if (current.after !== current.before) {
    io.stderr(`sdd: ${current.file} still changes after ${MAX_SYNC_PASSES} passes; run sync again and check the notes\n`);
    return EXIT.findings;
  }
  io.stdout(passes > 0 ? `${current.file}: synced\n` : `${current.file}: already in line with the evidence\n`);
  return EXIT.ok;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
