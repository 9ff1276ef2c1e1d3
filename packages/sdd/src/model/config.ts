import { z } from 'zod';
import { SeveritySettingSchema } from './finding.js';
import { RULES, type RuleId } from './rules.js';
import { TasksConfigSchema } from './tasks.js';

/**
 * `.sdd/config.yaml`: what a repository tells sdd. Every field is optional;
 * a repository without the file gets these defaults. Unknown keys are errors
 * (a typo must not silently turn a rule off).
 */

export const InfraTargetSchema = z
  .object({
    name: z.string().default('infra').describe('Name checks use to pick this target (`target: infra` in a declared check).'),
    synth: z.string().optional().describe('Command that writes the generated Terraform; it must also be listed under commands.allow to run.'),
    cwd: z.string().default('.').describe('Working directory of the synth command, relative to the repository root.'),
    output: z
      .string()
      .describe('Where the synthesized stacks land: a directory holding `stacks/<name>/cdk.tf.json`, or a directory of `.tf` files.'),
    sources: z
      .array(z.string())
      .default([])
      .describe('Globs (repository-relative) whose changes make the output stale; the output is reused while it is newer than all of them.'),
    defaultStack: z.string().optional().describe('Stack to use when a check names none.'),
  })
  .strict();
export type InfraTarget = z.infer<typeof InfraTargetSchema>;

/** An allowed command: a command line run in the repository root, or one with the working directory it may run in. */
export const AllowedCommandSchema = z.union([
  z.string().min(1).describe('A command line, run in the repository root.'),
  z
    .object({
      run: z.string().min(1).describe('The command line.'),
      cwd: z.string().min(1).default('.').describe('The working directory it may run in, relative to the repository root.'),
    })
    .strict(),
]);
export type AllowedCommand = z.infer<typeof AllowedCommandSchema>;

// Every key carries a description: `sdd init` writes them into `.sdd/config.yaml` and
// `sdd schema config` into the JSON Schema, so that neither can drift from this schema.
export const SddConfigSchema = z
  .object({
    version: z.literal(1).default(1).describe('Version of this file\'s format.'),
    specs: z.string().default('.sdd/specification').describe('Folder holding the specs, relative to the repository root.'),
    provenance: z.string().default('.sdd/provenance').describe('Folder holding the provenance records, relative to the repository root.'),
    scenarios: z.string().default('.sdd/scenarios').describe('Folder holding test scenarios, relative to the repository root.'),
    ignore: z.array(z.string()).default(['template.md', 'README.md']).describe('File names in those folders that are not documents.'),
    infra: z.array(InfraTargetSchema).default([]).describe('Generated infrastructure that Terraform checks read.'),
    commands: z
      .object({
        allow: z
          .array(AllowedCommandSchema)
          .default([])
          .describe('Exact command lines that `command` checks (and the synth step) may run, each in the repository root or in the `cwd` its entry names; anything else is Not run.'),
        timeoutSeconds: z.number().positive().default(300).describe('Seconds a command may run before it is stopped.'),
        parallel: z.number().int().min(1).max(64).default(1).describe('Commands (and synths) run at the same time; each may load the whole machine.'),
      })
      .strict()
      .default({ allow: [], timeoutSeconds: 300, parallel: 1 })
      .describe('The commands that checks may run.'),
    terraform: z
      .object({
        binary: z.string().default('terraform').describe('The terraform executable.'),
        pluginDir: z.string().optional().describe('A local provider directory or filesystem mirror for `terraform init -plugin-dir`.'),
        timeoutSeconds: z.number().positive().default(120).describe('Seconds a terraform command may run before it is stopped.'),
      })
      .strict()
      .default({ binary: 'terraform', timeoutSeconds: 120 })
      .describe('How Terraform checks run terraform.'),
    // Only the registry's ids: a misspelled one would leave the gate its author meant unset (spec 0042).
    rules: z
      .partialRecord(z.enum(Object.keys(RULES) as [RuleId, ...RuleId[]]), SeveritySettingSchema)
      .default({})
      .describe('Per-rule severity (`error`, `warning`, `info` or `off`), e.g. `drift/unverified: error`; `sdd rules` lists them.'),
    strict: z
      .boolean()
      .default(false)
      .describe('Treat warnings about unverified claims (manual steps, suspect records) as errors; same as `--strict`.'),
    expect: z
      .object({
        noSpecs: z.boolean().default(false).describe('A repository with no spec at all passes.'),
      })
      .strict()
      .default({ noSpecs: false })
      .describe('Situations that are fine in this repository and must not fail the run.'),
    parse: z
      .object({
        /**
         * `auto` uses one worker on a machine with two cores or fewer (for
         * memory: its heap takes the parse's garbage; a second one was barely
         * faster there), else one per core.
         */
        workers: z
          .union([z.literal('auto'), z.number().int().min(0).max(64)])
          .default('auto')
          .describe('Worker threads for parsing, from 64 documents: `auto`, or a number (0 parses in the main thread).'),
      })
      .strict()
      .default({ workers: 'auto' })
      .describe('How documents are parsed.'),
    tasks: TasksConfigSchema.default(() => TasksConfigSchema.parse({})).describe(
      'spec-kit features and OpenSpec changes: where their task lists are, and which changed files no task needs to name.',
    ),
    /** How records committed earlier are judged (docs/history.md). */
    history: z
      .object({
        mode: z
          .enum(['objects', 'full'])
          .default('objects')
          .describe('`objects`: a record committed earlier is judged at its commit, with the files it reads taken from git; checks that need a working tree are Not re-run when the tree changed since. `full`: those re-run in a temporary worktree.'),
        setup: z.string().min(1).optional().describe('An allowed command run in each temporary worktree first (e.g. `pnpm install --offline --frozen-lockfile`).'),
      })
      .strict()
      .default({ mode: 'objects' })
      .describe('How records committed earlier are judged (docs/history.md).'),
    limits: z
      .object({
        regexSeconds: z
          .number()
          .positive()
          .default(10)
          .describe('Seconds all regular expressions of checks may take in one run, together; past it the remaining regex checks are Not run.'),
        yamlNodes: z
          .number()
          .int()
          .positive()
          .default(100_000)
          .describe('YAML nodes a `data.path` check may visit or build, aliases expanded; past it the check is Not run.'),
        yamlAliases: z
          .number()
          .int()
          .min(0)
          .default(100)
          .describe('Aliases a YAML document may expand when a check reads it (yaml\'s maxAliasCount); past it the check is Not run.'),
      })
      .strict()
      .default({ regexSeconds: 10, yamlNodes: 100_000, yamlAliases: 100 })
      .describe('Budgets that keep a hostile or broken input from taking minutes or all memory (docs/security.md).'),
    cache: z
      .object({
        enabled: z.boolean().default(true).describe('Keep parsed documents, git\'s log and whole runs between runs.'),
        dir: z
          .string()
          .default('node_modules/.cache/sdd')
          .describe('Cache folder, relative to the repository root; the default one is used only where node_modules exists.'),
      })
      .strict()
      .default({ enabled: true, dir: 'node_modules/.cache/sdd' })
      .describe('The cache, which changes a run\'s cost, never its result.'),
  })
  .strict();
export type SddConfig = z.infer<typeof SddConfigSchema>;

export const CONFIG_FILE = '.sdd/config.yaml';

export function defaultConfig(): SddConfig {
  return SddConfigSchema.parse({});
}
