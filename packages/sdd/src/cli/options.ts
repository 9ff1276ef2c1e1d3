import { Option } from 'commander';

/**
 * Every option of every command, defined once with its description (vitest's
 * `cli-config.ts` is the model); a command picks the ones it takes, in the
 * order its help lists them, and may word a description for itself. Only
 * strings here: `sdd --help` loads no command module.
 */

interface OptionDefinition {
  /** As commander reads it: `-o, --out <file...>`. */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string;
  /** The command fails without it (commander's `requiredOption`). */
  required?: boolean;
}

const REPORT_FORMATS = ['text', 'json', 'markdown', 'html', 'junit', 'sarif'];
// Spelled here rather than imported, so that `sdd --help` loads none of init's modules.
const CI_CHOICES = ['github', 'gitlab', 'none'];
const PM_CHOICES = ['npm', 'pnpm', 'yarn'];

const OPTIONS = {
  root: { flags: '--root <dir>', description: 'repository to validate', default: '.' },
  config: { flags: '--config <file>', description: 'configuration file, relative to the root (default .sdd/config.yaml)' },
  format: { flags: '-f, --format <format>', description: 'output format on stdout', choices: REPORT_FORMATS, default: 'text' },
  reportFormat: { flags: '-f, --format <format>', description: 'format for every --out file', choices: REPORT_FORMATS },
  checkFormat: { flags: '-f, --format <format>', description: 'output format', choices: ['text', 'json'], default: 'text' },
  out: { flags: '-o, --out <file...>', description: 'also write reports to files (format from the extension: .html .md .json .xml .sarif .txt)' },
  reportOut: { flags: '-o, --out <file...>', description: 'report files (format from the extension, or --format)', required: true },
  draftOut: { flags: '-o, --out <file>', description: 'where to write (default .sdd/provenance/spec-NNNN-slug.provenance.md; - for stdout)' },
  base: { flags: '--base <rev>', description: 'compare artifacts with the range <rev>..HEAD (e.g. the merge base of a pull request)' },
  strict: { flags: '--strict', description: 'unverified claims (manual steps, suspect records) are errors' },
  checks: { flags: '--no-checks', description: 'skip running checks: document rules and git drift only' },
  spec: { flags: '--spec <ids...>', description: 'only these specs (number, slug or path)' },
  cache: { flags: '--no-cache', description: 'neither read nor write the caches (parses, git history, results at commits, whole runs)' },
  quiet: { flags: '-q, --quiet', description: 'no progress lines on stderr' },
  history: {
    flags: '--history <mode>',
    description: 'records committed earlier: objects (judge at their commit from git; commands not re-run) or full (re-run them in a temporary worktree)',
    choices: ['objects', 'full'],
  },
  ci: { flags: '--ci <provider>', description: 'the CI recipe to write', choices: CI_CHOICES, default: 'github' },
  packageManager: { flags: '--package-manager <name>', description: 'write commands for this package manager (default: from the lockfile)', choices: PM_CHOICES },
  force: { flags: '--force', description: 'overwrite files that exist' },
  slug: { flags: '--slug <slug>', description: 'file name slug (default: from the title)' },
  date: { flags: '--date <yyyy-mm-dd>', description: 'the Executed date (default: today, UTC)' },
  agent: { flags: '--agent <name>', description: 'the Agent field (default: $SDD_AGENT, else a placeholder to fill)' },
  syncCheck: { flags: '--check', description: 'write nothing; exit 1 when sync would change the record, 0 when it is in line' },
} satisfies Record<string, OptionDefinition>;

export type OptionName = keyof typeof OPTIONS;

/** An option a command takes: by name, or by name with the command's own wording. */
export type OptionPick = OptionName | readonly [OptionName, string];

export function makeOption(pick: OptionPick): Option {
  const [name, description] = typeof pick === 'string' ? [pick, undefined] : pick;
  const definition: OptionDefinition = OPTIONS[name];
  const option = new Option(definition.flags, description ?? definition.description);
  if (definition.choices) option.choices(definition.choices);
  if (definition.default !== undefined) option.default(definition.default);
  if (definition.required) option.makeOptionMandatory();
  return option;
}
