import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../../src/check/kinds/data-path.js';
import { parseQuery } from '../../../src/check/query.js';
import { context } from '../../support/documents.js';

const ROOT = fileURLToPath(new URL('../../fixtures/check/repo/', import.meta.url));
const ctx = context(ROOT);
const run = (args: Record<string, unknown>) => dataPath.run(dataPath.args.parse(args), ctx);

describe('data.path query language', () => {
  it('reads keys, indexes, wildcards and quoted keys', () => {
    expect(parseQuery('spec.template.spec.containers[*].ports[0].containerPort')).toEqual({
      ok: true,
      segments: [
        { type: 'key', key: 'spec' }, { type: 'key', key: 'template' }, { type: 'key', key: 'spec' }, { type: 'key', key: 'containers' },
        { type: 'any' }, { type: 'key', key: 'ports' }, { type: 'index', index: 0 }, { type: 'key', key: 'containerPort' },
      ],
    });
    expect(parseQuery('dependencies["@auth0/nextjs-auth0"]')).toEqual({ ok: true, segments: [{ type: 'key', key: 'dependencies' }, { type: 'key', key: '@auth0/nextjs-auth0' }] });
    expect(parseQuery('on.*.paths')).toEqual({ ok: true, segments: [{ type: 'key', key: 'on' }, { type: 'any' }, { type: 'key', key: 'paths' }] });
  });

  it('rejects what it cannot read', () => {
    expect(parseQuery('a..b').ok).toBe(false);
    expect(dataPath.args.safeParse({ path: 'x.yaml', query: 'a[', exists: true }).success).toBe(false);
    expect(dataPath.args.safeParse({ path: 'x.yaml', query: 'a', equals: 1, exists: true }).success).toBe(false);
    expect(dataPath.args.safeParse({ path: 'x.yaml', query: 'a' }).success).toBe(false);
  });
});

describe('data.path on multi-document YAML (Kubernetes)', () => {
  it('passes when a value equals, naming file:line', async () => {
    const result = await run({ path: 'k8s/app/deployment.yaml', query: 'spec.template.spec.containers[*].ports[*].containerPort', equals: 3000 });
    expect(result.status).toBe('pass');
    expect(result.evidence).toEqual([
      { message: 'document 1: spec.template.spec.containers[0].ports[0].containerPort = 3000', location: { file: 'k8s/app/deployment.yaml', line: 19 } },
    ]);
  });

  it('fails when no value equals, showing what was found', async () => {
    const result = await run({ path: 'k8s/app/deployment.yaml', query: 'spec.replicas', equals: 3 });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.message).toBe('document 1: spec.replicas = 2');
  });

  it('selects a document by its fields', async () => {
    expect((await run({ path: 'k8s/app/deployment.yaml', document: { kind: 'Namespace' }, query: 'spec', exists: true })).status).toBe('fail');
    expect((await run({ path: 'k8s/app/deployment.yaml', document: { kind: 'Deployment' }, query: 'spec', exists: true })).status).toBe('pass');
    expect((await run({ path: 'k8s/app/deployment.yaml', document: 0, query: 'metadata.name', equals: 'hq' })).status).toBe('pass');
    expect((await run({ path: 'k8s/app/deployment.yaml', document: { kind: 'Job' }, query: 'spec', exists: true })).status).toBe('fail');
  });

  it('contains: a list element or a substring', async () => {
    const envFrom = 'spec.template.spec.containers[0].envFrom';
    expect((await run({ path: 'k8s/app/deployment.yaml', query: envFrom, contains: { secretRef: { name: 'hq-auth0-secrets' } } })).status).toBe('pass');
    expect((await run({ path: 'k8s/app/deployment.yaml', query: envFrom, contains: { secretRef: { name: 'other' } } })).status).toBe('fail');
    expect((await run({ path: 'k8s/app/deployment.yaml', query: 'spec.template.spec.containers[0].image', contains: 'ghcr.io/' })).status).toBe('pass');
  });

  it('exists: false passes only when the path is absent', async () => {
    expect((await run({ path: 'k8s/app/service.yaml', query: 'spec.type', exists: false })).status).toBe('pass');
    expect((await run({ path: 'k8s/app/service.yaml', query: 'spec.ports', exists: false })).status).toBe('fail');
  });

  it('fails on invalid YAML with the line of the error', async () => {
    const result = await run({ path: 'k8s/app/broken.yaml', query: 'data.key', exists: true });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^`k8s\/app\/broken.yaml` is not valid YAML\/JSON/);
    expect(result.evidence[0]?.location?.file).toBe('k8s/app/broken.yaml');
    expect(result.evidence[0]?.location?.line).toBeGreaterThanOrEqual(4);
  });
});

describe('data.path on JSON and GitHub workflows', () => {
  it('finds a dependency by a quoted key', async () => {
    expect((await run({ path: 'sites/hq/package.json', query: 'dependencies["@auth0/nextjs-auth0"]', exists: true })).status).toBe('pass');
    // A dev dependency is not a dependency.
    expect((await run({ path: 'sites/hq/package.json', query: 'dependencies["typescript"]', exists: true })).status).toBe('fail');
  });

  it('reads the `on` key of a workflow as a key, not a boolean', async () => {
    expect((await run({ path: '.github/workflows/deploy-hq.yml', query: 'on.*.paths', contains: 'sites/hq/**' })).status).toBe('pass');
    expect((await run({ path: '.github/workflows/deploy-hq.yml', query: 'on.*.paths', contains: 'sites/other/**' })).status).toBe('fail');
  });

  it('fails for a missing file and for a path outside the repository', async () => {
    expect((await run({ path: 'nope.json', query: 'a', exists: true })).summary).toBe('`nope.json` does not exist');
    expect((await run({ path: '../x.json', query: 'a', exists: true })).summary).toMatch(/path leaves the repository/);
  });
});
