import { describe, expect, it } from 'vitest';
import { NOT_ALLOWED } from '../../src/check/kinds/command.js';
import { applySeverities } from '../../src/compare/severity.js';
import { compareSteps } from '../../src/compare/steps.js';
import type { CheckOutcome, StepEvidence } from '../../src/model/index.js';
import { defaultConfig, partialStatus } from '../../src/model/index.js';
import { RECORD_FILE, record, spec } from '../support/documents.js';

const demo = spec({
  steps: [
    'Greeting.tsx contains the formatGreeting function',
    '`web/middleware.ts` exists and excludes `api/auth` from auth',
    '`pnpm build` passes inside `web/` (without keys)',
    '`pnpm build` passes inside `web/`',
  ],
});

function fact(status: CheckOutcome['status'], claim: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return {
    kind: 'file.mentions',
    args: {},
    status,
    summary: status === 'fail' ? '`web/Greeting.tsx` does not mention `formatGreeting`' : claim,
    evidence: status === 'fail' ? [{ message: 'no occurrence of `formatGreeting` in `web/Greeting.tsx`', location: { file: 'web/Greeting.tsx', line: 1 } }] : [],
    fact: { claim, quote: 'formatGreeting', span: { start: 29, end: 43 } },
    ...extra,
  };
}

function partial(step: number, checks: CheckOutcome[], unjudged?: string): StepEvidence {
  return {
    spec: demo.file,
    step,
    stepText: '',
    source: 'partial',
    status: partialStatus(checks.map((c) => c.status)),
    checks,
    location: { file: demo.file, line: 10 + step },
    ...(unjudged === undefined ? {} : { unjudged }),
  };
}

const notAllowed = (): CheckOutcome => ({ kind: 'command', args: { run: 'pnpm build', cwd: 'web' }, status: 'not-run', summary: NOT_ALLOWED, reason: NOT_ALLOWED, evidence: [] });

/** Claims for the first steps; the others are claimed Not run and have no evidence (nothing to say about them). */
function judge(claims: string[], evidence: StepEvidence[], strict = false) {
  const rows = demo.validationSteps.map((step, index): [number, string, string] => [step.number, step.markdown, claims[index] ?? 'Not run']);
  const compared = compareSteps({ spec: demo, record: record({ results: rows }), evidence });
  // --strict is applied where every setting is, by applySeverities.
  const result = { ...compared, findings: applySeverities(compared.findings, defaultConfig(), strict) };
  const rowLine = (step: number) => result.steps.find((s) => s.step === step)?.rowLocation?.line;
  return { ...result, rowLine, at: (step: number) => result.findings.filter((f) => f.location?.line === rowLine(step)) };
}

describe('claims on steps read as facts', () => {
  const held = partial(1, [fact('pass', '`web/Greeting.tsx` exists'), fact('pass', '`web/Greeting.tsx` mentions `formatGreeting`')]);
  const refuted = partial(1, [fact('pass', '`web/Greeting.tsx` exists'), fact('fail', '`web/Greeting.tsx` mentions `formatGreeting`')]);

  it('a claimed Pass whose facts hold is consistent, not confirmed, with an info finding naming the facts', () => {
    const result = judge(['Pass'], [held]);
    expect(result.steps[0]?.verdict).toBe('consistent');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'drift/partly-verified', severity: 'info', location: { file: RECORD_FILE, line: result.rowLine(1) } });
    expect(result.findings[0]?.message).toBe(
      'step 1 is claimed Pass; the facts it states hold (`web/Greeting.tsx` exists; `web/Greeting.tsx` mentions `formatGreeting`); a person must still judge the rest of the step',
    );
  });

  it('under --strict, a consistent Pass is an error: it is not verified', () => {
    expect(judge(['Pass'], [held], true).findings[0]?.severity).toBe('error');
  });

  it('a claimed Pass with a false fact is refuted: overclaimed at the row, with the fact and where it was looked for', () => {
    const result = judge(['Pass'], [refuted]);
    expect(result.steps[0]?.verdict).toBe('overclaimed');
    const [finding] = result.findings;
    expect(finding).toMatchObject({ ruleId: 'drift/overclaimed', severity: 'error', location: { file: RECORD_FILE, line: result.rowLine(1) } });
    expect(finding?.message).toBe(
      'step 1 is claimed Pass, but a fact it states is false: “formatGreeting” (`web/Greeting.tsx` mentions `formatGreeting`): `web/Greeting.tsx` does not mention `formatGreeting` (looked in web/Greeting.tsx:1)',
    );
    expect(finding?.related).toEqual([{ file: demo.file, line: 11 }, { file: 'web/Greeting.tsx', line: 1 }]);
  });

  it('names what a person must still judge', () => {
    const result = judge(['Pass', 'Pass'], [held, partial(2, [fact('pass', '`web/middleware.ts` exists')], 'excludes `api/auth` from auth')]);
    expect(result.at(2)[0]?.message).toContain('a person must still judge: “excludes `api/auth` from auth”');
  });

  it('a claimed Fail is confirmed by a false fact, and unverified otherwise; Not run is unverified', () => {
    expect(judge(['Fail'], [refuted]).steps[0]?.verdict).toBe('confirmed');
    expect(judge(['Fail'], [held]).steps[0]?.verdict).toBe('unverified');
    const notRun = judge(['Not run'], [refuted]);
    expect(notRun.steps[0]?.verdict).toBe('unverified');
    // No drift: the record claimed nothing false. But a false fact means the spec is not met (spec 0020).
    expect(notRun.findings.map((f) => f.ruleId)).toEqual(['spec/failing-step']);
  });

  it('a Pass whose command is not in commands.allow is unverified, never overclaimed', () => {
    const result = judge(['Pass', 'Pass', 'Pass'], [held, partial(2, [fact('pass', 'x')]), partial(3, [notAllowed()])]);
    expect(result.steps[2]?.verdict).toBe('unverified');
    expect(result.findings.filter((f) => f.ruleId === 'drift/overclaimed')).toEqual([]);
    expect(result.at(3).map((f) => f.ruleId)).toEqual(['drift/unverified']);
  });

  it('so is an inferred command step blocked by commands.allow; a declared one stays overclaimed', () => {
    const inferred: StepEvidence = { spec: demo.file, step: 4, stepText: '', source: 'inferred', status: 'not-run', checks: [notAllowed()], location: { file: demo.file, line: 14 } };
    const declared: StepEvidence = { ...inferred, source: 'declared' };
    const claims = ['Pass', 'Pass', 'Pass', 'Pass'];
    const others = [held, partial(2, [fact('pass', 'x')]), partial(3, [fact('pass', 'y')])];
    const asInferred = judge(claims, [...others, inferred]);
    expect(asInferred.steps[3]?.verdict).toBe('unverified');
    expect(asInferred.at(4)[0]?.message).toBe(
      `step 4 is claimed Pass; sdd did not run its command: ${NOT_ALLOWED} (${NOT_ALLOWED}). List it under commands.allow in .sdd/config.yaml for sdd to check it`,
    );
    expect(judge(claims, [...others, declared]).steps[3]?.verdict).toBe('overclaimed');
  });
});

describe('a partial step status', () => {
  it('is fail when a fact fails, consistent when one holds and none fails, not-run when none could be checked', () => {
    expect(partialStatus(['pass', 'fail', 'not-run'])).toBe('fail');
    expect(partialStatus(['pass', 'not-run'])).toBe('consistent');
    expect(partialStatus(['not-run'])).toBe('not-run');
    expect(partialStatus([])).toBe('manual');
  });
});
