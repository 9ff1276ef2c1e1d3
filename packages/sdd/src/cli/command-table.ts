import type { CliIO } from './io.js';
import type { OptionPick } from './options.js';
import type { CheckFlags } from './commands/check.js';
import type { InitFlags } from './commands/init.js';
import type { NewSpecFlags } from './commands/new.js';
import type { DraftFlags, SyncFlags } from './commands/provenance.js';
import type { ValidateFlags } from './commands/validate.js';

/**
 * Every command of `sdd`, in the order `sdd --help` lists them: its words,
 * its arguments, the options it picks from `options.ts`, and how it runs
 * (its module is imported only then). Each command's module lives in `commands/`.
 */
export interface CommandDefinition {
  name: string;
  description: string;
  arguments?: readonly (readonly [string, string])[];
  options?: readonly OptionPick[];
  subcommands?: readonly CommandDefinition[];
  /** The command's exit code; commander's parsed flags and positional arguments, as given. */
  run?: (io: CliIO, flags: never, args: never[]) => Promise<number>;
}

const REPOSITORY_ROOT = ['root', 'repository root'] as const;

export const COMMANDS: readonly CommandDefinition[] = [
  {
    name: 'init',
    description: 'start using sdd here: .sdd/config.yaml, the spec and provenance templates, a CI workflow',
    options: ['ci', 'packageManager', 'force', REPOSITORY_ROOT],
    run: async (io, flags: InitFlags) => (await import('./commands/init.js')).initCommand(flags, io),
  },
  {
    name: 'new',
    description: 'create a spec from the template, with the next free number',
    subcommands: [
      {
        name: 'spec',
        description: 'create .sdd/specification/spec-NNNN-slug.md with the next free number, from the spec template',
        arguments: [['<title>', 'the spec title']],
        options: ['slug', REPOSITORY_ROOT, 'config'],
        run: async (io, flags: NewSpecFlags, [title]: string[]) => (await import('./commands/new.js')).newSpecCommand(title as string, flags, io),
      },
    ],
  },
  {
    name: 'provenance',
    description: "write a spec's record prefilled from git and the checks; keep its tables in line",
    subcommands: [
      {
        name: 'draft',
        description: 'write a provenance record prefilled from git and the spec checks; narrative sections are left to fill',
        arguments: [['<spec>', 'spec number, slug or path']],
        options: [
          'draftOut',
          ['base', 'the change also includes the commits in <rev>..HEAD (default: uncommitted changes only)'],
          'date',
          'agent',
          ['force', 'overwrite an existing record'],
          REPOSITORY_ROOT,
          'config',
        ],
        run: async (io, flags: DraftFlags, [spec]: string[]) => (await import('./commands/provenance.js')).draftCommand(spec as string, flags, io),
      },
      {
        name: 'sync',
        description: 'rewrite only the Artifacts Produced and Validation Results tables from the evidence validate measures',
        arguments: [['<provenance>', 'record path, or its spec number or slug']],
        options: [['base', 'compare artifacts with the range <rev>..HEAD, as validate --base does'], 'syncCheck', REPOSITORY_ROOT, 'config'],
        run: async (io, flags: SyncFlags, [record]: string[]) => (await import('./commands/provenance.js')).syncCommand(record as string, flags, io),
      },
    ],
  },
  {
    name: 'validate',
    description: 'parse every spec and record, run the checks, compare the records with git and the checks',
    options: ['root', 'config', 'format', 'out', 'base', 'strict', 'checks', 'spec', 'cache', 'quiet', 'history'],
    run: async (io, flags: ValidateFlags) => (await import('./commands/validate.js')).validateCommand(flags, io),
  },
  {
    name: 'report',
    description: 'write a report file for reviewers (exit 0 when written; the findings are in the report)',
    options: [
      'reportOut',
      'reportFormat',
      'root',
      'config',
      ['base', 'compare artifacts with the range <rev>..HEAD'],
      ['strict', 'unverified claims are errors'],
      ['checks', 'skip running checks'],
      ['cache', 'neither read nor write the cache'],
      'quiet',
      'history',
    ],
    run: async (io, flags: ValidateFlags) => (await import('./commands/report.js')).reportCommand(flags, io),
  },
  {
    name: 'check',
    description: 'run the validation checks of the given specs (all when none) and print the evidence',
    arguments: [['[specs...]', 'spec numbers, slugs or paths']],
    options: ['root', 'config', 'checkFormat', 'quiet'],
    run: async (io, flags: CheckFlags, [specs]: string[][]) => (await import('./commands/check.js')).checkCommand(specs ?? [], flags, io),
  },
  {
    name: 'schema',
    description: 'print a JSON Schema: provenance, spec, checks, result or config',
    arguments: [['<name>', 'provenance | spec | checks | result | config']],
    run: async (io, _flags: object, [name]: string[]) => (await import('./commands/schema.js')).schemaCommand(name as string, io),
  },
  {
    name: 'rules',
    description: 'list every rule sdd reports, with its default severity (set severities under `rules:` in .sdd/config.yaml)',
    run: async (io) => (await import('./commands/rules.js')).rulesCommand(io),
  },
];
