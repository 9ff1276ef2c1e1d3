import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { CheckContext, CheckKind, KindResult } from '../types.js';
import { couldNotRun, runTerraform } from './cli.js';
import { loadConfiguration } from './configuration.js';
import { tail } from './exec.js';
import type { RequiredProvider } from './model.js';
import { toRepoRelative } from '../../repo-path.js';
import type { ResolvedSource, SourceArgs } from './source.js';
import { checkSourceArgs, resolveSource, sourceArgs, terraformReads } from './source.js';

const ArgsSchema = z.object(sourceArgs).strict().superRefine(checkSourceArgs);
type Args = z.infer<typeof ArgsSchema>;

export const validateKind: CheckKind<Args> = {
  kind: 'terraform.validate',
  description: '`terraform init -backend=false` and `terraform validate` pass (Not run when a provider cannot be installed)',
  args: ArgsSchema,
  reads: terraformReads,
  async run(args, context): Promise<KindResult> {
    const resolved = await resolveSource(args, context);
    if (!resolved.ok) return resolved.result;
    const { source } = resolved;
    return context.memo.once(`terraform:validate:${source.key}`, () => validate(args, source, context));
  },
};

/** Terraform writes `.terraform/` and a lock file where it runs: so it runs on a copy, in a temp dir. */
async function validate(args: SourceArgs, source: ResolvedSource, context: CheckContext): Promise<KindResult> {
  const { copyRoot, providers } = await configurationExtent(args, source, context);
  const temp = await mkdtemp(path.join(os.tmpdir(), 'sdd-terraform-'));
  try {
    const copy = path.join(temp, 'config');
    await cp(copyRoot, copy, { recursive: true, filter: (from) => !SKIP.has(path.basename(from)) && !from.endsWith('.tfstate') });
    const workDir = path.join(copy, path.relative(copyRoot, source.configDir));
    const dataDir = path.join(temp, 'data');
    const pluginDir = context.config.terraform.pluginDir;
    const initArgs = ['init', '-backend=false', '-input=false', '-no-color', ...(pluginDir ? [`-plugin-dir=${path.resolve(context.root, pluginDir)}`] : [])];
    const initCommand = `terraform ${initArgs.filter((a) => a !== '-no-color').join(' ')}`;
    context.progress?.(`terraform init (${source.label})…`);
    const init = await runTerraform(context, initArgs, workDir, dataDir);
    const initProblem = couldNotRun(init, initCommand, context);
    if (initProblem) return initProblem;
    const initOutput = `${init.stdout}\n${init.stderr}`;
    if (init.exitCode !== 0) {
      if (INSTALL_FAILED.test(initOutput)) return providersUnavailable(initOutput, providers, initCommand, source);
      return { status: 'fail', summary: `\`${initCommand}\` failed in ${source.label}`, evidence: [...source.evidence, { message: `\`${initCommand}\` exited with ${init.exitCode}`, output: tail(initOutput, 30) }] };
    }
    const run = await runTerraform(context, ['validate', '-json', '-no-color'], workDir, dataDir);
    const runProblem = couldNotRun(run, 'terraform validate -json', context);
    if (runProblem) return runProblem;
    return judgeValidate(run.stdout, run.stderr, source, context);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const SKIP = new Set(['.terraform', 'node_modules', '.git', '.terraform.d']);

/** What init says when it cannot get providers or modules: no network, not in the plugin dir, no such version. */
const INSTALL_FAILED =
  /Failed to query available provider packages|could not connect|not found in any of the search locations|Failed to install provider|Failed to download module|no available releases match/i;

/** The providers to name: as init was looking for them, else as the configuration requires them. */
export function providersUnavailable(output: string, required: readonly RequiredProvider[], command: string, source: ResolvedSource): KindResult {
  const flat = output.replace(/\s+/g, ' ');
  const wanted = new Map<string, string>();
  for (const m of flat.matchAll(/Finding (\S+) versions matching "([^"]+)"/g)) wanted.set(m[1] ?? '', m[2] ?? '');
  for (const m of flat.matchAll(/Finding latest version of (\S+?)\.\.\./g)) wanted.set(m[1] ?? '', 'latest');
  if (wanted.size === 0) for (const p of required) wanted.set(p.source, p.version ?? 'any version');
  const cause = /could not connect to ([^\s:]+)/.exec(flat)?.[0] ?? /was not found in any of the search locations/.exec(flat)?.[0] ?? 'providers could not be installed';
  const list = [...wanted].sort(([a], [b]) => a.localeCompare(b)).map(([name, version]) => `${name} ${version}`).join(', ') || 'the required providers';
  const reason = `providers not installable here: ${list} (\`${command}\`: ${cause})`;
  return { status: 'not-run', summary: `terraform validate not run: ${list} could not be installed`, reason, evidence: [...source.evidence, { message: reason, output: tail(output, 30) }] };
}

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number; column: number } };
}

function judgeValidate(stdout: string, stderr: string, source: ResolvedSource, context: CheckContext): KindResult {
  let report: { valid?: boolean; diagnostics?: Diagnostic[] };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    const reason = 'terraform validate -json printed no JSON';
    return { status: 'not-run', summary: reason, reason, evidence: [{ message: reason, output: tail(`${stdout}\n${stderr}`) }] };
  }
  const evidence: EvidenceItem[] = (report.diagnostics ?? []).map((d) => ({
    message: `${d.severity}: ${d.summary}${d.detail ? ` — ${d.detail}` : ''}`,
    ...(d.range ? { location: { file: toRepoRelative(context.root, path.join(source.configDir, d.range.filename)), line: d.range.start.line, column: d.range.start.column } } : {}),
  }));
  const errors = (report.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (report.valid === true) {
    return { status: 'pass', summary: `terraform validate: ${source.label} is valid`, evidence: [...source.evidence, ...evidence] };
  }
  return { status: 'fail', summary: `terraform validate: ${errors.length} error(s): ${errors[0]?.summary ?? 'invalid'}`, evidence: [...source.evidence, ...evidence] };
}

/**
 * The folder to copy: the configuration's own, widened to hold the local
 * modules it calls (`../modules/x`), which the model knows; and the
 * providers it requires, for the Not run reason.
 */
async function configurationExtent(args: SourceArgs, source: ResolvedSource, context: CheckContext): Promise<{ copyRoot: string; providers: RequiredProvider[] }> {
  const loaded = await loadConfiguration(args, context);
  if (!loaded.ok) return { copyRoot: source.configDir, providers: [] };
  const dirs = loaded.loaded.config.files.map((f) => path.dirname(path.resolve(context.root, f)));
  return { copyRoot: commonAncestor([source.configDir, ...dirs]), providers: loaded.loaded.config.requiredProviders };
}

export function commonAncestor(dirs: readonly string[]): string {
  const split = dirs.map((d) => path.resolve(d).split(path.sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}
