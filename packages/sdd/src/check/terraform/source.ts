import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import type { Reads } from '../../discover/judgement-point.js';
import type { EvidenceItem, InfraTarget } from '../../model/index.js';
import type { CheckContext, KindResult } from '../types.js';
import { isListed } from '../allow.js';
import { changedScript } from '../script-guard.js';
import { runProcess, tail } from './exec.js';
import { resolveRepoPath, toRepoRelative } from '../../repo-path.js';

/**
 * Where a Terraform check's configuration comes from: `target:` (an `infra`
 * entry of the config, synthesized once per run or reused while fresh) or
 * `dir:` (plain `.tf` files). Resolving a source never writes into the
 * repository except through the target's own, allowed, synth command.
 */
export const sourceArgs = {
  /** An `infra` entry of `.sdd/config.yaml`. */
  target: z.string().min(1).optional(),
  /** A stack of that target (default: its `defaultStack`, or the only one). */
  stack: z.string().min(1).optional(),
  /** A directory of `.tf` files, repository-relative. */
  dir: z.string().min(1).optional(),
};

export type SourceArgs = { target?: string | undefined; stack?: string | undefined; dir?: string | undefined };

/** Plain `.tf` files are read from their folder; a target runs its synth on the working tree. */
export function terraformReads(args: SourceArgs): Reads {
  return args.dir !== undefined ? { paths: [args.dir] } : 'everything';
}

/** Exactly one of `target` / `dir`; `stack` only with a target. */
export function checkSourceArgs(args: SourceArgs, ctx: z.RefinementCtx): void {
  if ((args.target === undefined) === (args.dir === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of `target` (an infra target) or `dir` (a directory of .tf files)' });
  }
  if (args.stack !== undefined && args.target === undefined) {
    ctx.addIssue({ code: 'custom', path: ['stack'], message: '`stack` only applies with `target`' });
  }
}

export interface ResolvedSource {
  /** Identifies the configuration across checks of one run (memo keys). */
  key: string;
  /** How messages name it: "target `infra` stack `k3s`", "`infra/`". */
  label: string;
  form: 'cdktf' | 'hcl';
  /** The directory Terraform runs in (the stack's folder, or the `.tf` directory). */
  configDir: string;
  /** CDKTF: the stack's `cdk.tf.json`. */
  jsonFile?: string;
  /** `.tf` files of the HCL form, for `terraform fmt`. */
  hclFiles: string[];
  /** What happened to produce it (synth ran, output reused). */
  evidence: EvidenceItem[];
}

type SourceOutcome = { ok: true; source: ResolvedSource } | { ok: false; result: KindResult };

export function resolveSource(args: SourceArgs, context: CheckContext): Promise<SourceOutcome> {
  if (args.dir !== undefined) {
    const dir = args.dir;
    // Keyed by root too: a record judged at an older commit reads the same names in another folder.
    return context.memo.once(`terraform:source:${context.root}:dir:${dir}`, () => resolveDir(dir, context));
  }
  const name = args.target ?? '';
  return context.memo.once(`terraform:source:${context.root}:target:${name}:${args.stack ?? ''}`, () => resolveTarget(name, args.stack, context));
}

async function resolveDir(dir: string, context: CheckContext): Promise<SourceOutcome> {
  const resolved = resolveRepoPath(context.root, dir);
  if (!resolved.ok) return notRun(`\`${dir}\` was not read: ${resolved.reason}`);
  if (!(await isDirectory(resolved.abs))) return fail(`\`${resolved.rel}\` is not a directory`, []);
  return {
    ok: true,
    source: {
      key: `${context.root}\0dir:${resolved.rel}`,
      label: `\`${resolved.rel}/\``,
      form: 'hcl',
      configDir: resolved.abs,
      hclFiles: await tfFiles(resolved.abs),
      evidence: [],
    },
  };
}

async function resolveTarget(name: string, stack: string | undefined, context: CheckContext): Promise<SourceOutcome> {
  const target = context.config.infra.find((t) => t.name === name);
  if (!target) {
    const known = context.config.infra.map((t) => `\`${t.name}\``).join(', ') || 'none';
    return notRun(`no infra target \`${name}\` in .sdd/config.yaml (targets: ${known})`);
  }
  const output = await context.memo.once(`terraform:synth:${context.root}:${name}`, () => ensureOutput(target, context));
  if (!output.ok) return output;
  const stacksDir = path.join(output.abs, 'stacks');
  if (!(await isDirectory(stacksDir))) {
    // A target whose output is a plain directory of .tf files.
    return {
      ok: true,
      source: {
        key: `${context.root}\0target:${name}`,
        label: `target \`${name}\``,
        form: 'hcl',
        configDir: output.abs,
        hclFiles: await tfFiles(output.abs),
        evidence: output.evidence,
      },
    };
  }
  const stacks = await stackNames(stacksDir);
  const wanted = stack ?? target.defaultStack ?? (stacks.length === 1 ? stacks[0] : undefined);
  if (wanted === undefined) {
    return notRun(`target \`${name}\` has ${stacks.length === 0 ? 'no stack' : `stacks ${stacks.join(', ')}`}; name one with \`stack\` or \`defaultStack\``);
  }
  if (!stacks.includes(wanted)) {
    return fail(`target \`${name}\` has no stack \`${wanted}\` (stacks: ${stacks.join(', ') || 'none'})`, output.evidence);
  }
  const configDir = path.join(stacksDir, wanted);
  return {
    ok: true,
    source: {
      key: `${context.root}\0target:${name}:${wanted}`,
      label: `target \`${name}\` stack \`${wanted}\``,
      form: 'cdktf',
      configDir,
      jsonFile: path.join(configDir, 'cdk.tf.json'),
      hclFiles: await tfFiles(path.join(output.abs, 'hcl', wanted)),
      evidence: output.evidence,
    },
  };
}

type OutputOutcome = { ok: true; abs: string; evidence: EvidenceItem[] } | { ok: false; result: KindResult };

/** Reuse the output while it is newer than every source; otherwise run the synth, if it is allowed. */
async function ensureOutput(target: InfraTarget, context: CheckContext): Promise<OutputOutcome> {
  const output = resolveRepoPath(context.root, target.output);
  if (!output.ok) return notRun(`target \`${target.name}\`: output not read: ${output.reason}`);
  const freshness = await outputFreshness(context.root, output.abs, target.sources);
  if (freshness.fresh) {
    return { ok: true, abs: output.abs, evidence: [{ message: `reused \`${output.rel}\`: ${freshness.why}` }] };
  }
  const why = `\`${output.rel}\` ${freshness.why}`;
  if (target.synth === undefined) return notRun(`${why}, and target \`${target.name}\` has no synth command`);
  if (!isListed(context.config.commands, target.synth)) {
    return notRun(`${why}, and the synth command \`${target.synth}\` is not listed in commands.allow`);
  }
  const cwd = resolveRepoPath(context.root, target.cwd);
  if (!cwd.ok) return notRun(`target \`${target.name}\`: cwd not used: ${cwd.reason}`);
  const synth = target.synth;
  // A pull request's own `synth` script does not run under the name the base allowed.
  const base = context.git?.base ?? null;
  const scriptChanged = base === null ? null : await changedScript(context.root, cwd.rel, synth, base);
  if (scriptChanged !== null) return notRun(`${why}, and ${scriptChanged}`);
  let started = Date.now();
  const run = await context.memo.inCommandSlot(() => {
    started = Date.now();
    context.progress?.('synthesizing infra…');
    return runProcess(synth, [], { cwd: cwd.abs, shell: true, timeoutMs: context.config.commands.timeoutSeconds * 1000 });
  });
  context.progress?.(`\`${synth}\` ${run.exitCode === 0 ? 'synthesized' : 'failed'} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const outputTail = tail(`${run.stdout}\n${run.stderr}`);
  if (run.exitCode !== 0) {
    // The input of every check on this target could not be produced: the checks could not run.
    const how = run.timedOut
      ? `timed out after ${context.config.commands.timeoutSeconds} s`
      : run.spawnError
        ? `could not start (${run.spawnError.message})`
        : `exited with ${run.exitCode}`;
    return { ok: false, result: { status: 'not-run', summary: `synth of target \`${target.name}\` failed`, reason: `\`${target.synth}\` ${how}`, evidence: [{ message: `\`${target.synth}\` ${how}`, output: outputTail }] } };
  }
  if ((await outputFiles(output.abs)).length === 0) {
    return notRun(`\`${target.synth}\` succeeded but wrote no Terraform under \`${output.rel}\``);
  }
  return {
    ok: true,
    abs: output.abs,
    evidence: [{ message: `synthesized with \`${target.synth}\` (${((Date.now() - started) / 1000).toFixed(1)} s) because ${why}`, ...(outputTail ? { output: outputTail } : {}) }],
  };
}

async function outputFreshness(
  root: string,
  outputAbs: string,
  sources: readonly string[],
): Promise<{ fresh: boolean; why: string }> {
  const outputs = await outputFiles(outputAbs);
  if (outputs.length === 0) return { fresh: false, why: 'is missing' };
  if (sources.length === 0) return { fresh: true, why: 'no sources are configured to compare with' };
  const newestOutput = Math.max(...(await mtimes(outputs)));
  const sourceFiles = await glob([...sources], {
    cwd: root,
    absolute: true,
    ignore: ['**/node_modules/**', `${toRepoRelative(root, outputAbs)}/**`],
  });
  const newer: string[] = [];
  for (const [i, time] of (await mtimes(sourceFiles)).entries()) if (time > newestOutput) newer.push(sourceFiles[i] ?? '');
  if (newer.length === 0) return { fresh: true, why: `newer than its ${sourceFiles.length} source file(s)` };
  return { fresh: false, why: `is older than ${toRepoRelative(root, newer[0] ?? '')}${newer.length > 1 ? ` and ${newer.length - 1} other source(s)` : ''}` };
}

function outputFiles(dir: string): Promise<string[]> {
  return glob(['**/*.tf.json', '**/*.tf'], { cwd: dir, absolute: true, ignore: ['**/.terraform/**'] });
}

/** `.tf` files at any depth below `dir`, as `terraform fmt -recursive` would see them. */
async function tfFiles(dir: string): Promise<string[]> {
  if (!(await isDirectory(dir))) return [];
  return (await glob(['**/*.tf'], { cwd: dir, absolute: true, ignore: ['**/.terraform/**', '**/node_modules/**'] })).sort();
}

async function stackNames(stacksDir: string): Promise<string[]> {
  const entries = await readdir(stacksDir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await stat(path.join(stacksDir, entry.name, 'cdk.tf.json')).then(() => true, () => false))) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

async function mtimes(files: readonly string[]): Promise<number[]> {
  return Promise.all(files.map((f) => stat(f).then((s) => s.mtimeMs)));
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

function notRun(reason: string): { ok: false; result: KindResult } {
  return { ok: false, result: { status: 'not-run', summary: reason, reason, evidence: [] } };
}

function fail(summary: string, evidence: EvidenceItem[]): { ok: false; result: KindResult } {
  return { ok: false, result: { status: 'fail', summary, evidence } };
}
