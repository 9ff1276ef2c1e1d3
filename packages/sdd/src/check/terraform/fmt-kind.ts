import path from 'node:path';
import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { CheckKind, KindResult } from '../types.js';
import { couldNotRun, runTerraform } from './cli.js';
import { tail } from './exec.js';
import { toRepoRelative } from '../../repo-path.js';
import type { ResolvedSource } from './source.js';
import { checkSourceArgs, resolveSource, sourceArgs, terraformReads } from './source.js';

const ArgsSchema = z.object(sourceArgs).strict().superRefine(checkSourceArgs);
type Args = z.infer<typeof ArgsSchema>;

export const fmtKind: CheckKind<Args> = {
  kind: 'terraform.fmt',
  description: '`terraform fmt -check` passes on the HCL form',
  args: ArgsSchema,
  reads: terraformReads,
  async run(args, context): Promise<KindResult> {
    const resolved = await resolveSource(args, context);
    if (!resolved.ok) return resolved.result;
    const { source } = resolved;
    return context.memo.once(`terraform:fmt:${source.key}`, () => runFmt(source, context));
  },
};

async function runFmt(source: ResolvedSource, context: Parameters<CheckKind['run']>[1]): Promise<KindResult> {
  if (source.hclFiles.length === 0) {
    // `terraform fmt -check` on a folder with only cdk.tf.json exits 0 having checked nothing: that is no pass.
    const only = source.form === 'cdktf' ? ' (only cdk.tf.json; the app writes no HCL form)' : '';
    const reason = `no .tf files to check in ${source.label}${only}`;
    return { status: 'not-run', summary: reason, reason, evidence: source.evidence };
  }
  const files = source.hclFiles.map((f) => toRepoRelative(context.root, f));
  const command = `terraform fmt -check -diff ${files.length === 1 ? files[0] : `(${files.length} files)`}`;
  const result = await runTerraform(context, ['fmt', '-check', '-diff', '-no-color', ...files], context.root);
  const problem = couldNotRun(result, command, context);
  if (problem) return problem;
  if (result.exitCode === 0) {
    return { status: 'pass', summary: `${files.length} .tf file(s) in ${source.label} are formatted as terraform fmt writes them`, evidence: [...source.evidence, ...files.map((file) => ({ message: `\`${file}\` is canonical`, location: { file, line: 1 } }))] };
  }
  if (result.exitCode === 3) {
    const diffs = splitDiff(result.stdout);
    const evidence: EvidenceItem[] = diffs.map((d) => ({ message: `\`${d.file}\` is not formatted as terraform fmt writes it`, location: { file: d.file, line: d.line }, output: clip(d.diff) }));
    return { status: 'fail', summary: `${diffs.length} file(s) not formatted: ${diffs.map((d) => d.file).join(', ')}`, evidence: [...source.evidence, ...evidence] };
  }
  // Exit 2: terraform could not parse a file; that is a defect of the file, not of the tool.
  return { status: 'fail', summary: `\`${command}\` exited with ${result.exitCode}`, evidence: [{ message: `\`${command}\` exited with ${result.exitCode}`, output: tail(result.stderr || result.stdout, 30) }] };
}

/** `--- old/infra/main.tf` … per file, with the first changed line. */
export function splitDiff(diff: string): { file: string; line: number; diff: string }[] {
  const parts = diff.split(/^(?=--- old\/)/m).filter((p) => p.startsWith('--- old/'));
  return parts.map((part) => {
    const file = (/^--- old\/(.+)$/m.exec(part)?.[1] ?? '').trim();
    const line = Number(/^@@ -(\d+)/m.exec(part)?.[1] ?? 1) || 1;
    return { file: file.split(path.sep).join('/'), line, diff: part.trimEnd() };
  });
}

function clip(text: string, max = 4000): string {
  return text.length > max ? `${text.slice(0, max)}\n…` : text;
}
