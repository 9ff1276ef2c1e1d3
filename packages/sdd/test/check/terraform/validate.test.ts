import { describe, expect, it } from 'vitest';
import { providersUnavailable, commonAncestor } from '../../../src/check/terraform/validate-kind.js';
import { evidenceText, makeContext, runKind } from './helpers.js';

// Real terraform, offline: only the built-in terraform_data resource can be validated here.
describe('terraform.validate', () => {
  it('passes on a valid configuration (init + validate run in a temp copy)', async () => {
    const result = await runKind('terraform.validate', { dir: 'validate/ok' });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('terraform validate: `validate/ok/` is valid');
  });

  it('fails with the diagnostic, located in the repository file', async () => {
    const result = await runKind('terraform.validate', { dir: 'validate/broken' });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('terraform validate: 1 error(s): Reference to undeclared resource');
    expect(result.evidence[0]?.location).toEqual({ file: 'validate/broken/main.tf', line: 6, column: 11 });
  });

  it('is Not run, naming providers, versions and the command, when providers cannot be installed', async () => {
    const result = await runKind('terraform.validate', { dir: 'validate/azurerm' });
    expect(result.status).toBe('not-run');
    expect(result.reason).toMatch(/^providers not installable here: hashicorp\/azurerm 4\.55\.0, hashicorp\/random 3\.7\.2 \(`terraform init -backend=false -input=false`: /);
  });

  it('is Not run with -plugin-dir when the provider is not in it', async () => {
    const context = makeContext(undefined, { terraform: { pluginDir: 'validate' } });
    const result = await runKind('terraform.validate', { dir: 'validate/azurerm' }, context);
    expect(result.status).toBe('not-run');
    expect(result.reason).toContain('-plugin-dir=');
    expect(result.reason).toContain('was not found in any of the search locations');
  });

  it('validates a CDKTF stack (cdk.tf.json) the same way: Not run offline for azurerm', async () => {
    const context = makeContext(undefined, { infra: [{ name: 'infra', output: 'cdktf' }] });
    const result = await runKind('terraform.validate', { target: 'infra' }, context);
    expect(result.status).toBe('not-run');
    expect(result.reason).toContain('hashicorp/azurerm 4.55.0');
  });

  it('is Not run when the terraform binary is missing', async () => {
    const context = makeContext(undefined, { terraform: { binary: '/nonexistent/terraform' } });
    const result = await runKind('terraform.validate', { dir: 'validate/ok' }, context);
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe('terraform not found (`/nonexistent/terraform`)');
  });

  it('fails when init fails for a reason other than installing (a syntax error)', async () => {
    const result = await runKind('terraform.validate', { dir: 'broken-hcl' });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toMatch(/Invalid expression/);
  });
});

describe('providersUnavailable', () => {
  const source = { key: 'k', label: 'x', form: 'hcl' as const, configDir: '/x', hclFiles: [], evidence: [] };
  it('falls back to the configuration when init did not say what it was looking for', () => {
    const result = providersUnavailable('Error: Failed to install provider', [{ name: 'aws', source: 'hashicorp/aws', version: null }], 'terraform init', source);
    expect(result.reason).toBe('providers not installable here: hashicorp/aws any version (`terraform init`: providers could not be installed)');
  });
});

describe('commonAncestor', () => {
  it('widens to hold ../ modules', () => {
    expect(commonAncestor(['/r/infra/live', '/r/infra/modules/kv', '/r/infra/live'])).toBe('/r/infra');
    expect(commonAncestor(['/r/infra'])).toBe('/r/infra');
  });
});
