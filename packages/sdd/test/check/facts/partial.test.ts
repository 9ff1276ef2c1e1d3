import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/index.js';
import type { AllowedCommand, ArtifactRow, StepEvidence } from '../../../src/model/index.js';
import { config, gitFacts, record, spec, step, workspace } from '../../support/documents.js';
import { git, tempFolder } from '../../support/repo.js';

let repo: ReturnType<typeof tempFolder>;

beforeAll(async () => {
  repo = tempFolder({
    'web/src/components/Greeting.tsx': 'export function formatGreeting(name: string) {\n  return `Hello, ${name}`;\n}\n',
    'web/src/components/Farewell.tsx': 'export const bye = 1;\n',
    'web/Dockerfile': 'FROM node:22\n',
    '.github/workflows/build.yml': 'on:\n  push:\n  workflow_dispatch:\n',
    'docs/Greeting.tsx': 'an old copy\n',
  });
  git(repo.root, 'init', '-q', '-b', 'main');
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'init');
});
afterAll(() => repo.dispose());

async function check(markdowns: string[], artifacts: [string, ArtifactRow['status'], string?][] = [], allow: AllowedCommand[] = []): Promise<StepEvidence[]> {
  const steps = markdowns.map((markdown, index) => step(index + 1, markdown));
  const result = await runChecks({
    workspace: workspace(repo.root, { git: gitFacts(repo.root), config: config({ allow }) }),
    specs: [{ spec: spec({ steps: steps }), record: record({ artifacts: artifacts.map(([path, status, raw]): [string, string] => [path, raw ?? status ?? '']) }) }],
  });
  return result.evidence;
}

function facts(evidence: StepEvidence | undefined): string[] {
  return (evidence?.checks ?? []).map((c) => `${c.status} ${c.fact?.claim ?? c.kind}`);
}

describe('a step read as facts (partial)', () => {
  it('holds when the function is there: consistent, not pass, with the file placed by the record', async () => {
    const [evidence] = await check(['Greeting.tsx contains the formatGreeting function'], [['web/src/components/Greeting.tsx', 'Created']]);
    expect(evidence?.source).toBe('partial');
    expect(evidence?.status).toBe('consistent');
    expect(facts(evidence)).toEqual(['pass `web/src/components/Greeting.tsx` exists', 'pass `web/src/components/Greeting.tsx` mentions `formatGreeting`']);
    expect(evidence?.checks[1]?.fact).toEqual({
      claim: '`web/src/components/Greeting.tsx` mentions `formatGreeting`',
      quote: 'formatGreeting',
      span: { start: 26, end: 40 },
      placed: { written: 'Greeting.tsx', path: 'web/src/components/Greeting.tsx', by: 'artifacts' },
    });
    expect(evidence?.unjudged).toBeUndefined();
  });

  it('fails when the function is absent, saying where it looked', async () => {
    const [evidence] = await check(['Greeting.tsx contains the parseGreeting function'], [['web/src/components/Greeting.tsx', 'Created']]);
    expect(evidence?.status).toBe('fail');
    expect(facts(evidence)).toEqual(['pass `web/src/components/Greeting.tsx` exists', 'fail `web/src/components/Greeting.tsx` mentions `parseGreeting`']);
    expect(evidence?.checks[1]?.evidence[0]?.location).toEqual({ file: 'web/src/components/Greeting.tsx', line: 1 });
  });

  it('makes no fact from a name two files share, when nothing says which is meant', async () => {
    const [evidence] = await check(['Greeting.tsx contains the formatGreeting function']);
    expect(evidence?.source).toBe('manual');
  });

  it('keeps what a person must still judge', async () => {
    const [evidence] = await check(['`web/Dockerfile` exists and runs the app as a non-root user']);
    expect(evidence?.status).toBe('consistent');
    expect(evidence?.unjudged).toBe('runs the app as a non-root user');
  });

  it('drops a fact that another step, or the record, contradicts: the step means another version of the file', async () => {
    const evidence = await check(
      ['`web/public/index.html`, `nginx.conf` and `Dockerfile` no longer exist', '`web/Dockerfile` exists'],
      [['web/public/index.html', 'Deleted'], ['web/nginx.conf', 'Deleted'], ['web/Dockerfile', null, 'Replaced (server mode)']],
    );
    expect(facts(evidence[0])).toEqual(['pass `web/public/index.html` does not exist', 'pass `web/nginx.conf` does not exist']);
    expect(evidence[1]?.source).toBe('inferred');
  });

  it('places "the workflow" on the one workflow the spec names', async () => {
    const evidence = await check(['`.github/workflows/build.yml` exists', 'The workflow has two triggers: `push` and `workflow_dispatch`']);
    expect(facts(evidence[1])).toEqual([
      'pass `.github/workflows/build.yml` exists',
      'pass `.github/workflows/build.yml` mentions `push`',
      'pass `.github/workflows/build.yml` mentions `workflow_dispatch`',
    ]);
  });

  it('leaves a command not in commands.allow unrun, which refutes nothing', async () => {
    const [evidence] = await check(['`pnpm build` passes inside `web/` (without any API key set)']);
    expect(evidence?.source).toBe('partial');
    expect(evidence?.status).toBe('not-run');
    expect(evidence?.checks[0]).toMatchObject({ kind: 'command', args: { run: 'pnpm build', cwd: 'web' }, status: 'not-run' });
  });

  it('runs an allowed command in the folder the step names', async () => {
    const [evidence] = await check(['`node --version` passes inside `web/` (on any machine)'], [], [{ run: 'node --version', cwd: 'web' }]);
    expect(evidence?.status).toBe('consistent');
    expect(facts(evidence)).toEqual(['pass `node --version` passes in `web/`']);
  });

  it('turns `terraform fmt -check -recursive` into terraform.fmt, which needs no allow-list entry', async () => {
    const [evidence] = await check(['`terraform fmt -check -recursive infra/` passes, with the modules too']);
    expect(evidence?.checks[0]).toMatchObject({ kind: 'terraform.fmt', args: { dir: 'infra' } });
  });

  it('is manual when the step states no fact', async () => {
    const [evidence] = await check(['The greeting reads well']);
    expect(evidence).toMatchObject({ source: 'manual', status: 'manual', checks: [] });
  });
});
