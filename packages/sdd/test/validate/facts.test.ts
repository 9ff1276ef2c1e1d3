import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, ValidateResult } from '../../src/model/index.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { RECORD, recordText, SPEC } from '../support/markdown.js';

// End to end: an agent claims Pass for a step written in prose; sdd checks the facts the step states.
let repo: TempRepo;
beforeEach(async () => {
  repo = createRepo();
});
afterEach(async () => {
  repo.dispose();
});

const STEP = 'Greeting.tsx contains the formatGreeting function';
const COMPONENT = 'web/src/components/Greeting.tsx';

function specText(): string {
  return `---\ntitle: "Spec 0001: Greeting"\ndraft: false\n---\n\n## Task\n\nWrite a greeting component.\n\n## Validation steps\n\n1. ${STEP}\n2. The greeting reads well to a person\n`;
}

async function commitWork(component: string): Promise<string> {
  // Another file of the same name, from before: the record's table says which one the step means.
  repo.write('docs/examples/Greeting.tsx', 'export const example = true;\n');
  repo.commit('examples');
  repo.write(SPEC, specText());
  repo.write(COMPONENT, component);
  const record = recordText({
    artifacts: [[SPEC, 'Created'], [COMPONENT, 'Created'], [RECORD, 'Created']],
    results: [['1', STEP, 'Pass'], ['2', 'The greeting reads well to a person', 'Pass']],
  });
  repo.write(RECORD, record);
  repo.commit('spec 0001: greeting');
  return record;
}

async function validate(format = 'json'): Promise<{ code: number; stdout: string }> {
  const run = await runSdd(['validate', '--format', format, '--no-cache'], { cwd: repo.root });
  expect(run.stderr).not.toContain('internal error');
  return run;
}

function findings(result: ValidateResult, ruleId: string): Finding[] {
  return [...result.findings, ...result.specs.flatMap((spec) => spec.findings)].filter((finding) => finding.ruleId === ruleId);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('a Pass claimed for a step written in prose', () => {
  it('fails at the row when the function the step names is absent', async () => {
    const record = await commitWork('export function greet(name: string) {\n  return `Hello, ${name}`;\n}\n');
    const { code, stdout } = await validate();
    const result = JSON.parse(stdout) as ValidateResult;
    expect(code).toBe(1);
    expect(result.specs[0]?.steps[0]).toMatchObject({ claimed: 'Pass', actual: 'fail', verdict: 'overclaimed' });
    const [refuted] = findings(result, 'drift/overclaimed');
    expect(refuted?.location).toMatchObject({ file: RECORD, line: lineOf(record, STEP) });
    expect(refuted?.message).toContain(`\`${COMPONENT}\` does not mention \`formatGreeting\``);
    expect(refuted?.message).toContain(`looked in ${COMPONENT}:1`);
    expect(result.specs[0]?.coverage).toEqual({ steps: 2, declared: 0, inferred: 0, partial: 1, manual: 1 });
    expect(result.summary.coverage.partial).toBe(1);
  });

  it('passes as consistent when the function is there: not confirmed, and the facts are shown', async () => {
    await commitWork('export function formatGreeting(name: string) {\n  return `Hello, ${name}`;\n}\n');
    const { code, stdout } = await validate();
    const result = JSON.parse(stdout) as ValidateResult;
    expect(code).toBe(0);
    expect(result.specs[0]?.steps[0]).toMatchObject({ claimed: 'Pass', actual: 'consistent', verdict: 'consistent' });
    expect(result.specs[0]?.steps[0]?.evidence?.checks.map((check) => check.fact?.claim)).toEqual([`\`${COMPONENT}\` exists`, `\`${COMPONENT}\` mentions \`formatGreeting\``]);
    expect(findings(result, 'drift/partly-verified')[0]?.severity).toBe('info');
    expect(result.summary.steps.consistent).toBe(1);
    expect(result.summary.claims.verified).toBe(0);
    const text = await validate('text');
    expect(text.stdout).toContain('coverage 2 steps: 0 declared, 0 inferred, 1 partial, 1 manual');
    expect(text.stdout).toContain(`✓ \`${COMPONENT}\` mentions \`formatGreeting\` (“formatGreeting”) [Greeting.tsx → ${COMPONENT}, from the record's Artifacts Produced]`);
  });

  it('fails under --strict even when the facts hold: part of the step is unverified', async () => {
    await commitWork('export function formatGreeting() {}\n');
    const run = await runSdd(['validate', '--format', 'json', '--no-cache', '--strict'], { cwd: repo.root });
    expect(run.code).toBe(1);
    expect(findings(JSON.parse(run.stdout) as ValidateResult, 'drift/partly-verified')[0]?.severity).toBe('error');
  });
});
