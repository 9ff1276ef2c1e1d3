import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidenceText, makeContext, runKind, scratchCopy } from './helpers.js';

const SYNTH =
  `node -e "const fs=require('fs');fs.mkdirSync('out/stacks/k3s',{recursive:true});` +
  `fs.writeFileSync('out/stacks/k3s/cdk.tf.json',JSON.stringify({resource:{terraform_data:{a:{input:'x'}}}}));` +
  `fs.appendFileSync('synth.log','ran\\n')"`;
const FAILING = `node -e "console.error('TS2304: Cannot find name Foo'); process.exit(1)"`;

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ root, cleanup } = await scratchCopy());
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'src/app.ts'), 'export {};\n');
});
afterEach(() => cleanup());

function context(synth: string | undefined, allow: string[] = synth ? [synth] : []) {
  return makeContext(root, {
    infra: [{ name: 'infra', output: 'out', sources: ['src/**/*.ts'], ...(synth ? { synth } : {}) }],
    commands: { allow },
  });
}
const present = { target: 'infra', type: 'terraform_data', name: 'a' };
const synthRuns = async (): Promise<number> =>
  (await readFile(path.join(root, 'synth.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

describe('a target with a synth command', () => {
  it('synthesizes once per run when the output is missing, reporting progress', async () => {
    const ctx = context(SYNTH);
    const first = await runKind('terraform.resource', present, ctx);
    const second = await runKind('terraform.references', { target: 'infra' }, ctx);
    expect(first.status).toBe('pass');
    expect(second.status).toBe('pass');
    expect(await synthRuns()).toBe(1);
    // As it starts and as it ends, with its time: a CI log shows where a long run spends it.
    expect(ctx.messages).toEqual(['synthesizing infra…', expect.stringMatching(/^`.+` synthesized after \d+\.\d s$/)]);
    expect(evidenceText(first)).not.toContain('synthesized'); // the resource's evidence is about the resource
  });

  it('reuses output that is newer than every source', async () => {
    await runKind('terraform.resource', present, context(SYNTH));
    const old = new Date(Date.now() - 60_000);
    await utimes(path.join(root, 'src/app.ts'), old, old);
    const result = await runKind('terraform.validate', { target: 'infra' }, context(SYNTH));
    expect(result.status).toBe('pass');
    expect(await synthRuns()).toBe(1);
    expect(evidenceText(result)).toContain('reused `out`: newer than its 1 source file(s)');
  });

  it('synthesizes again when a source is newer than the output', async () => {
    await runKind('terraform.resource', present, context(SYNTH));
    const output = await stat(path.join(root, 'out/stacks/k3s/cdk.tf.json'));
    const later = new Date(output.mtimeMs + 60_000);
    await utimes(path.join(root, 'src/app.ts'), later, later);
    const result = await runKind('terraform.validate', { target: 'infra' }, context(SYNTH));
    expect(await synthRuns()).toBe(2);
    expect(evidenceText(result)).toContain('because `out` is older than src/app.ts');
  });

  it('is Not run when the synth command is not in commands.allow', async () => {
    const result = await runKind('terraform.resource', present, context(SYNTH, []));
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe(`\`out\` is missing, and the synth command \`${SYNTH}\` is not listed in commands.allow`);
    expect(await synthRuns()).toBe(0);
  });

  it('is Not run with the output tail when the synth fails (its input could not be produced)', async () => {
    const result = await runKind('terraform.resource', present, context(FAILING));
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe(`\`${FAILING}\` exited with 1`);
    expect(result.evidence[0]?.output).toContain('TS2304: Cannot find name Foo');
  });

  it('is Not run when the output is missing and there is no synth command', async () => {
    const result = await runKind('terraform.resource', present, context(undefined));
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe('`out` is missing, and target `infra` has no synth command');
  });
});

describe('choosing a target and a stack', () => {
  async function twoStacks(): Promise<void> {
    for (const stack of ['k3s', 'dns']) {
      await mkdir(path.join(root, 'out/stacks', stack), { recursive: true });
      await writeFile(path.join(root, 'out/stacks', stack, 'cdk.tf.json'), JSON.stringify({ resource: { terraform_data: { [stack]: {} } } }));
    }
  }

  it('an unknown target is Not run, listing the known ones', async () => {
    const result = await runKind('terraform.resource', { ...present, target: 'nope' }, context(SYNTH));
    expect(result.reason).toBe('no infra target `nope` in .sdd/config.yaml (targets: `infra`)');
  });

  it('several stacks: Not run without `stack`; `stack` picks one; an unknown stack fails', async () => {
    await twoStacks();
    const ambiguous = await runKind('terraform.resource', { target: 'infra', type: 'terraform_data' }, context(undefined));
    expect(ambiguous.status).toBe('not-run');
    expect(ambiguous.reason).toBe('target `infra` has stacks dns, k3s; name one with `stack` or `defaultStack`');
    expect((await runKind('terraform.resource', { target: 'infra', stack: 'dns', type: 'terraform_data', name: 'dns' }, context(undefined))).status).toBe('pass');
    expect((await runKind('terraform.resource', { target: 'infra', stack: 'dns', type: 'terraform_data', name: 'k3s' }, context(undefined))).status).toBe('fail');
    const unknown = await runKind('terraform.resource', { target: 'infra', stack: 'web', type: 'terraform_data' }, context(undefined));
    expect(unknown.status).toBe('fail');
    expect(unknown.summary).toBe('target `infra` has no stack `web` (stacks: dns, k3s)');
  });

  it('a target whose output is a plain directory of .tf files is read as HCL', async () => {
    await mkdir(path.join(root, 'out'));
    await writeFile(path.join(root, 'out/main.tf'), 'resource "terraform_data" "a" {\n  input = "x"\n}\n');
    const result = await runKind('terraform.resource', present, context(undefined));
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.location).toEqual({ file: 'out/main.tf', line: 1 });
    expect((await runKind('terraform.fmt', { target: 'infra' }, context(undefined))).status).toBe('pass');
  });
});
