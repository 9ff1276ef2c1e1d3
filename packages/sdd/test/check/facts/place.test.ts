import { describe, expect, it } from 'vitest';
import type { FileMention } from '../../../src/check/facts/index.js';
import { placeFile, repositoryPaths } from '../../../src/check/facts/index.js';

const span = { start: 0, end: 1 };
const name = (written: string): FileMention => ({ written, form: written.includes('/') ? 'path' : 'name', directory: written.endsWith('/'), span });

function place(written: string, sources: { artifacts?: string[]; spec?: string[]; repository?: string[] }, mention = name(written)) {
  return placeFile(mention, { artifacts: sources.artifacts ?? [], specPaths: sources.spec ?? [], repository: repositoryPaths(sources.repository ?? []) });
}

describe('placing a bare file name', () => {
  it('asks the record first, then the spec, then the repository', () => {
    const repository = ['web/src/Greeting.tsx', 'docs/Greeting.tsx'];
    expect(place('Greeting.tsx', { artifacts: ['web/src/Greeting.tsx', 'README.md'], repository })).toEqual({ path: 'web/src/Greeting.tsx', by: 'artifacts' });
    expect(place('Greeting.tsx', { spec: ['docs/Greeting.tsx'], repository })).toEqual({ path: 'docs/Greeting.tsx', by: 'spec' });
    expect(place('Greeting.tsx', { repository: ['web/src/Greeting.tsx', 'web/src/Other.tsx'] })).toEqual({ path: 'web/src/Greeting.tsx', by: 'repository' });
  });

  it('makes no fact when a source knows two candidates, or none knows any', () => {
    expect(place('route.ts', { artifacts: ['app/api/a/route.ts', 'app/api/b/route.ts'] })).toBeNull();
    expect(place('route.ts', { repository: ['app/api/a/route.ts', 'app/api/b/route.ts'] })).toBeNull();
    expect(place('Greeting.tsx', { repository: ['web/src/Other.tsx'] })).toBeNull();
  });

  it('does not take a longer name for the name (`xGreeting.tsx` is not `Greeting.tsx`)', () => {
    expect(place('Greeting.tsx', { repository: ['src/xGreeting.tsx'] })).toBeNull();
  });
});

describe('placing a path', () => {
  it('keeps a path a source knows, or that no source knows (the statement is about that path)', () => {
    expect(place('web/app/page.tsx', { repository: ['web/app/page.tsx'] })).toEqual({ path: 'web/app/page.tsx', by: 'as-written' });
    expect(place('web/app/missing.tsx', { repository: ['web/app/page.tsx'] })).toEqual({ path: 'web/app/missing.tsx', by: 'as-written' });
  });

  it('places a path written from a sub-folder when exactly one known path ends with it', () => {
    expect(place('app/page.tsx', { repository: ['sites/hq/app/page.tsx'] })).toEqual({ path: 'sites/hq/app/page.tsx', by: 'repository' });
    expect(place('app/page.tsx', { repository: ['sites/hq/app/page.tsx', 'sites/www/app/page.tsx'] })).toBeNull();
  });

  it('keeps a folder as written', () => {
    expect(place('infra/', { repository: [] })).toEqual({ path: 'infra/', by: 'as-written' });
  });
});

describe('placing "the workflow"', () => {
  const workflow: FileMention = { written: 'the workflow', form: 'workflow', directory: false, span };
  it('is the one workflow file the record or the spec names', () => {
    expect(place('', { artifacts: ['.github/workflows/build.yml', 'AGENTS.md'] }, workflow)).toEqual({ path: '.github/workflows/build.yml', by: 'artifacts' });
    expect(place('', { spec: ['.github/workflows/build.yaml'] }, workflow)).toEqual({ path: '.github/workflows/build.yaml', by: 'spec' });
    expect(place('', { spec: ['.github/workflows/a.yml', '.github/workflows/b.yml'] }, workflow)).toBeNull();
    expect(place('', { repository: ['.github/workflows/a.yml'] }, workflow)).toBeNull();
  });
});
