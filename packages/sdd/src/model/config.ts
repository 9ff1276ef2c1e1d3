import { z } from 'zod';
import { SeveritySettingSchema } from './finding.js';
import { TasksConfigSchema } from './tasks.js';

/**
 * `.sdd/config.yaml`: what a repository tells sdd. Every field is optional;
 * a repository without the file gets these defaults. Unknown keys are errors
 * (a typo must not silently turn a rule off).
 */

export const InfraTargetSchema = z
  .object({
    /** Name checks use to pick this target (`target: infra` in a declared check). */
    name: z.string().default('infra'),
    /** Command that writes the generated Terraform; must also appear in `commands.allow` to run. */
    synth: z.string().optional(),
    /** Working directory of the synth command, relative to the repository root. */
    cwd: z.string().default('.'),
    /** Where the synthesized stacks land: a directory holding `stacks/<name>/cdk.tf.json`, or a directory of `.tf` files. */
    output: z.string(),
    /** Globs (repository-relative) whose changes make the output stale. The output is reused while it is newer than all of them. */
    sources: z.array(z.string()).default([]),
    /** Stack to use when a check names none. */
    defaultStack: z.string().optional(),
  })
  .strict();
export type InfraTarget = z.infer<typeof InfraTargetSchema>;

export const SddConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Folders holding specs and provenance records, relative to the repository root. */
    specs: z.string().default('.sdd/specification'),
    provenance: z.string().default('.sdd/provenance'),
    scenarios: z.string().default('.sdd/scenarios'),
    /** File names in those folders that are not documents. */
    ignore: z.array(z.string()).default(['template.md', 'README.md']),
    /** Generated infrastructure that Terraform checks read. */
    infra: z.array(InfraTargetSchema).default([]),
    commands: z
      .object({
        /** Exact command lines that `command` checks (and the synth step) may run. Anything else is Not run. */
        allow: z.array(z.string()).default([]),
        timeoutSeconds: z.number().positive().default(300),
        /** Commands (and synths) run at the same time. Each may load the whole machine: one by default. */
        parallel: z.number().int().min(1).max(64).default(1),
      })
      .strict()
      .default({ allow: [], timeoutSeconds: 300, parallel: 1 }),
    terraform: z
      .object({
        binary: z.string().default('terraform'),
        /** A local provider directory or filesystem mirror for `terraform init -plugin-dir`. */
        pluginDir: z.string().optional(),
        timeoutSeconds: z.number().positive().default(120),
      })
      .strict()
      .default({ binary: 'terraform', timeoutSeconds: 120 }),
    /** Per-rule severity: `error`, `warning`, `info` or `off`. */
    rules: z.record(z.string(), SeveritySettingSchema).default({}),
    /** Treat warnings about unverified claims (manual steps, suspect records) as errors. Same as `--strict`. */
    strict: z.boolean().default(false),
    /** Situations that are fine in this repository and must not fail the run. */
    expect: z
      .object({
        /** A repository with no spec at all. */
        noSpecs: z.boolean().default(false),
      })
      .strict()
      .default({ noSpecs: false }),
    parse: z
      .object({
        /**
         * Worker threads for parsing, from 64 documents to parse: `auto` uses
         * one on a machine with two cores or fewer (for memory: its heap takes
         * the parse's garbage; a second one was barely faster there), else one
         * per core. A number sets it; 0 parses in this thread.
         */
        workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
      })
      .strict()
      .default({ workers: 'auto' }),
    /** spec-kit features and OpenSpec changes: where they are, and what their task lists are judged against. */
    tasks: TasksConfigSchema.default(() => TasksConfigSchema.parse({})),
    cache: z
      .object({
        enabled: z.boolean().default(true),
        dir: z.string().default('node_modules/.cache/sdd'),
      })
      .strict()
      .default({ enabled: true, dir: 'node_modules/.cache/sdd' }),
  })
  .strict();
export type SddConfig = z.infer<typeof SddConfigSchema>;

export const CONFIG_FILE = '.sdd/config.yaml';

export function defaultConfig(): SddConfig {
  return SddConfigSchema.parse({});
}
