import { Command, CommanderError, Option } from 'commander';
import { SDD_VERSION } from '../version.js';
import { registerAuthorCommands } from './author-commands.js';
import type { InitFlags } from './init-command.js';
import { EXIT } from './exit.js';
import type { CliIO } from './io.js';
import type { ValidateFlags } from './validate-command.js';

/**
 * The command-line face of sdd: parses arguments, calls the library, owns
 * exit codes (0 clean, 1 findings at error level, 2 usage or configuration
 * error). Command modules are imported lazily so that `sdd --version` and
 * `sdd --help` stay fast.
 */

const FORMATS = ['text', 'json', 'markdown', 'html', 'junit', 'sarif'] as const;

// Spelled here rather than imported, so that `sdd --help` loads none of init's modules.
const CI_CHOICES = ['github', 'gitlab', 'none'];
const PM_CHOICES = ['npm', 'pnpm', 'yarn'];

/** The loop, in the order a team meets it; shown under the command list. */
const JOURNEY = `
The loop:
  sdd init                        once: configuration, templates, a CI workflow
  sdd new spec "Title"            write the spec, with numbered Validation steps
  (the agent implements it)
  sdd provenance draft <spec>     the record, prefilled from git and the checks
  sdd provenance sync <spec>      its two tables brought back in line
  sdd validate                    what CI runs: exit 1 on drift

Run sdd <command> --help for a command's options.
`;

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('sdd')
    .description('Verify spec-driven development provenance: parse specs and records, run their checks, fail on drift.')
    .version(SDD_VERSION, '-v, --version')
    .showHelpAfterError('(run sdd --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', JOURNEY)
    // A command with subcommands is listed with them (`new spec`, `provenance draft|sync`).
    .configureHelp({
      subcommandTerm: (command) => {
        const children = command.commands.map((child) => child.name());
        if (children.length > 0) return `${command.name()} ${children.join('|')}`;
        const args = command.registeredArguments.map((arg) => (arg.required ? `<${arg.name()}>` : `[${arg.name()}${arg.variadic ? '...' : ''}]`));
        return [command.name(), command.options.length > 0 ? '[options]' : '', ...args].filter(Boolean).join(' ');
      },
    });

  const rootOption = () => new Option('--root <dir>', 'repository to validate').default('.');
  const configOption = () => new Option('--config <file>', 'configuration file, relative to the root (default .sdd/config.yaml)');
  const historyOption = () =>
    new Option('--history <mode>', 'records committed earlier: objects (judge at their commit from git; commands not re-run) or full (re-run them in a temporary worktree)').choices([
      'objects',
      'full',
    ]);

  program
    .command('init')
    .description('start using sdd here: .sdd/config.yaml, the spec and provenance templates, a CI workflow')
    .addOption(new Option('--ci <provider>', 'the CI recipe to write').choices(CI_CHOICES).default('github'))
    .addOption(new Option('--package-manager <name>', 'write commands for this package manager (default: from the lockfile)').choices(PM_CHOICES))
    .option('--force', 'overwrite files that exist')
    .addOption(new Option('--root <dir>', 'repository root').default('.'))
    .action(async (options: InitFlags) => {
      const { initCommand } = await import('./init-command.js');
      exitCode = await initCommand(options, io);
    });

  registerAuthorCommands(program, io, (code) => {
    exitCode = code;
  });

  program
    .command('validate')
    .description('parse every spec and record, run the checks, compare the records with git and the checks')
    .addOption(rootOption())
    .addOption(configOption())
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('-o, --out <file...>', 'also write reports to files (format from the extension: .html .md .json .xml .sarif .txt)')
    .option('--base <rev>', 'compare artifacts with the range <rev>..HEAD (e.g. the merge base of a pull request)')
    .option('--strict', 'unverified claims (manual steps, suspect records) are errors')
    .option('--no-checks', 'skip running checks: document rules and git drift only')
    .option('--spec <ids...>', 'only these specs (number, slug or path)')
    .option('--no-cache', 'neither read nor write the caches (parses, git history, results at commits, whole runs)')
    .option('-q, --quiet', 'no progress lines on stderr')
    .addOption(historyOption())
    .action(async (options: ValidateFlags) => {
      const { validateCommand } = await import('./validate-command.js');
      exitCode = await validateCommand(options, io, 'validate');
    });

  program
    .command('report')
    .description('write a report file for reviewers (exit 0 when written; the findings are in the report)')
    .requiredOption('-o, --out <file...>', 'report files (format from the extension, or --format)')
    .addOption(new Option('-f, --format <format>', 'format for every --out file').choices(FORMATS))
    .addOption(rootOption())
    .addOption(configOption())
    .option('--base <rev>', 'compare artifacts with the range <rev>..HEAD')
    .option('--strict', 'unverified claims are errors')
    .option('--no-checks', 'skip running checks')
    .option('--no-cache', 'neither read nor write the cache')
    .option('-q, --quiet', 'no progress lines on stderr')
    .addOption(historyOption())
    .action(async (options: ValidateFlags) => {
      const { validateCommand } = await import('./validate-command.js');
      exitCode = await validateCommand(options, io, 'report');
    });

  program
    .command('check')
    .description('run the validation checks of the given specs (all when none) and print the evidence')
    .argument('[specs...]', 'spec numbers, slugs or paths')
    .addOption(rootOption())
    .addOption(configOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'no progress lines on stderr')
    .addOption(historyOption())
    .action(async (specs: string[], options: ValidateFlags) => {
      const { validateCommand } = await import('./validate-command.js');
      exitCode = await validateCommand({ ...options, spec: specs.length > 0 ? specs : undefined }, io, 'check');
    });

  program
    .command('schema')
    .description('print a JSON Schema: provenance, spec, checks, result or config')
    .argument('<name>', 'provenance | spec | checks | result | config')
    .action(async (name: string) => {
      const { schemaCommand } = await import('./schema-command.js');
      exitCode = schemaCommand(name, io);
    });

  program
    .command('rules')
    .description('list every rule sdd reports, with its default severity (set severities under `rules:` in .sdd/config.yaml)')
    .action(async () => {
      const { allRules } = await import('../model/rules.js');
      for (const rule of allRules()) io.stdout(`${rule.id.padEnd(40)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; usage errors with 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

