import { Command, CommanderError } from 'commander';
import { SDD_VERSION } from '../version.js';
import { COMMANDS, type CommandDefinition } from './command-table.js';
import { withExitCode } from './errors.js';
import { EXIT } from './exit.js';
import type { CliIO } from './io.js';
import { makeOption } from './options.js';

/**
 * The command-line face of sdd: parses arguments, calls the library, owns
 * exit codes (0 clean, 1 findings at error level, 2 usage or configuration
 * error). The commands are a table (`command-table.ts`); each one's module is
 * imported only when it runs, so that `sdd --version` and `sdd --help` stay fast.
 */

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

  for (const definition of COMMANDS) register(program, definition, io, (code) => {
    exitCode = code;
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


/** Adds a command (and its subcommands) from its definition; its action loads its module, runs it and maps known failures to exit 2. */
function register(parent: Command, definition: CommandDefinition, io: CliIO, setExit: (code: number) => void): void {
  const command = parent.command(definition.name).description(definition.description);
  for (const [name, description] of definition.arguments ?? []) command.argument(name, description);
  for (const pick of definition.options ?? []) command.addOption(makeOption(pick));
  for (const child of definition.subcommands ?? []) register(command, child, io, setExit);
  const run = definition.run;
  if (run === undefined) return;
  const count = definition.arguments?.length ?? 0;
  command.action(async (...received: unknown[]) => {
    setExit(await withExitCode(io, () => run(io, received[count] as never, received.slice(0, count) as never[])));
  });
}
