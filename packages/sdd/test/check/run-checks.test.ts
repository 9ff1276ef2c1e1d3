import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkKinds, createRegistry, runChecks } from '../../src/check/index.js';
import type { AnyCheckKind } from '../../src/check/types.js';
import { block, record, spec, SPEC_FILE, step, workspace } from '../support/documents.js';
import { tempFolder } from '../support/repo.js';

let repo: ReturnType<typeof tempFolder>;
beforeAll(async () => {
  repo = tempFolder({ 'docs/guide.md': '# Guide\n\nUse sdd.\n', 'src/app.ts': 'export const app = 1;\n' });
});
afterAll(() => repo.dispose());

describe('runChecks', () => {
  it('gives one StepEvidence per step: declared, inferred or manual, with its status', async () => {
    const steps = [
      step(1, '`docs/guide.md` exists and contains `sdd`'),
      step(2, '`src/app.ts` does NOT contain `app`'),
      step(3, 'The guide reads well'),
      step(4, 'Anything, declared below'),
    ];
    const declared = block('4:\n  kind: file.contains\n  path: docs/guide.md\n  pattern: "^# Guide$"\n  flags: m', 50);
    const result = await runChecks({ workspace: workspace(repo.root), specs: [{ spec: spec({ steps, checkBlocks: [declared] }), record: record() }] });
    expect(result.findings).toEqual([]);
    expect(result.evidence.map((e) => [e.step, e.source, e.status, e.checks.map((c) => `${c.kind}:${c.status}`).join(' ')])).toEqual([
      [1, 'inferred', 'pass', 'file.exists:pass file.contains:pass'],
      [2, 'inferred', 'fail', 'file.not-contains:fail'],
      [3, 'manual', 'manual', ''],
      [4, 'declared', 'pass', 'file.contains:pass'],
    ]);
    const [first, , manual, fourth] = result.evidence;
    expect(first?.checks[1]?.evidence[0]?.message).toBe("inferred from the step's wording (rule contains)");
    expect(first?.checks[1]?.inputs).toEqual([{ path: 'docs/guide.md', blob: expect.stringMatching(/^[0-9a-f]{40}$/) }]);
    expect(first?.checks.every((c) => typeof c.durationMs === 'number')).toBe(true);
    expect(manual).toEqual({ spec: SPEC_FILE, step: 3, stepText: 'The guide reads well', source: 'manual', status: 'manual', checks: [], location: { file: SPEC_FILE, line: 13 } });
    expect(fourth?.declaredAt).toEqual({ file: SPEC_FILE, line: 50 });
    expect(fourth?.checks[0]?.evidence).toEqual([{ message: '# Guide', location: { file: 'docs/guide.md', line: 1 } }]);
  });

  it('turns a declaration it cannot use into a finding and a not-run check, so the step cannot pass', async () => {
    const steps = [step(1, '`docs/guide.md` exists')];
    const declared = block('1:\n  - kind: file.exists\n    path: docs/guide.md\n  - kind: file.exists\n    path: docs/guide.md\n    colour: red', 20);
    const result = await runChecks({ workspace: workspace(repo.root), specs: [{ spec: spec({ steps, checkBlocks: [declared] }), record: null }] });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location?.line}`)).toEqual(['check/declaration 25']);
    expect(result.evidence[0]?.source).toBe('declared');
    expect(result.evidence[0]?.status).toBe('not-run');
    expect(result.evidence[0]?.checks.map((c) => c.status)).toEqual(['pass', 'not-run']);
  });

  it('makes a kind that throws a not-run outcome with the message, and goes on', async () => {
    const boom: AnyCheckKind = { kind: 'test.boom', description: 'throws', args: z.object({}).strict(), reads: () => 'nothing', run: () => Promise.reject(new Error('disk on fire')) };
    const steps = [step(1, 'declared'), step(2, '`docs/guide.md` exists')];
    const result = await runChecks({
      workspace: workspace(repo.root),
      specs: [{ spec: spec({ steps, checkBlocks: [block('1: {kind: test.boom}')] }), record: null }],
      registry: createRegistry([...checkKinds, boom]),
    });
    expect(result.evidence[0]?.checks[0]).toMatchObject({ kind: 'test.boom', status: 'not-run', reason: 'test.boom could not run: disk on fire' });
    expect(result.evidence[1]?.status).toBe('pass');
  });

  it('runs steps concurrently, at most `concurrency` at a time, and keeps their order', async () => {
    let running = 0;
    let most = 0;
    const slow: AnyCheckKind = {
      kind: 'test.slow',
      description: 'waits',
      args: z.object({ n: z.number() }).strict(),
      reads: () => 'nothing',
      async run(args: { n: number }) {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5 * (10 - args.n)));
        running--;
        return { status: 'pass', summary: `n=${args.n}`, evidence: [] };
      },
    };
    const steps = Array.from({ length: 10 }, (_, i) => step(i + 1, `step ${i + 1}`));
    const content = steps.map((s) => `${s.number}: {kind: test.slow, n: ${s.number}}`).join('\n');
    const result = await runChecks({
      workspace: workspace(repo.root),
      specs: [{ spec: spec({ steps, checkBlocks: [block(content)] }), record: null }],
      registry: createRegistry([slow]),
      concurrency: 3,
    });
    expect(result.evidence.map((e) => e.checks[0]?.summary)).toEqual(steps.map((s) => `n=${s.number}`));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('says Not run for a command the configuration does not allow', async () => {
    const result = await runChecks({ workspace: workspace(repo.root), specs: [{ spec: spec({ steps: [step(1, '`pnpm lint` passes')] }), record: null }] });
    expect(result.evidence[0]).toMatchObject({ source: 'inferred', status: 'not-run' });
    expect(result.evidence[0]?.checks[0]?.reason).toBe('not allowed by .sdd/config.yaml commands.allow');
  });

  it('places a bare name using the record it has', async () => {
    const steps = [step(1, '`docs/old/index.html` and `nginx.conf` no longer exist')];
    const withRecord = record({ artifacts: [['docs/nginx.conf', 'Deleted']] });
    const result = await runChecks({ workspace: workspace(repo.root), specs: [{ spec: spec({ steps: steps }), record: withRecord }] });
    expect(result.evidence[0]?.checks.map((c) => c.args.path)).toEqual(['docs/old/index.html', 'docs/nginx.conf']);
  });
});
