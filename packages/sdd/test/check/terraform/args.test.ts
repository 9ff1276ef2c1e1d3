import { describe, expect, it } from 'vitest';
import { terraformKinds } from '../../../src/check/terraform/index.js';
import { kind } from './helpers.js';

const issues = (name: string, args: unknown): string[] => {
  const parsed = kind(name).args.safeParse(args);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('declaration arguments', () => {
  it('registers exactly the kinds docs/checks.md names', () => {
    expect(terraformKinds.map((k) => k.kind)).toEqual([
      'terraform.resource',
      'terraform.output',
      'terraform.variable',
      'terraform.references',
      'terraform.no-cycles',
      'terraform.fmt',
      'terraform.validate',
    ]);
  });

  it('needs exactly one of target and dir', () => {
    expect(issues('terraform.references', { dir: 'infra' })).toEqual([]);
    expect(issues('terraform.references', {})).toEqual(['give exactly one of `target` (an infra target) or `dir` (a directory of .tf files)']);
    expect(issues('terraform.fmt', { dir: 'a', target: 'b' })).toHaveLength(1);
    expect(issues('terraform.fmt', { dir: 'a', stack: 'k3s' })).toEqual(['`stack` only applies with `target`']);
  });

  it('rejects unknown keys, in the arguments and in a matcher', () => {
    expect(issues('terraform.resource', { dir: 'a', type: 't', nmae: 'x' })).toHaveLength(1);
    expect(issues('terraform.resource', { dir: 'a', type: 't', attributes: { x: { contain: 'y' } } }).length).toBeGreaterThan(0);
    expect(issues('terraform.resource', { dir: 'a', type: 't', attributes: { x: { contains: 'y' } } })).toEqual([]);
  });

  it('rejects an invalid regex and an empty matcher', () => {
    expect(issues('terraform.resource', { dir: 'a', type: 't', attributes: { x: { matches: '(' } } }).join()).toContain('not a valid regular expression');
    expect(issues('terraform.resource', { dir: 'a', type: 't', attributes: { x: {} } }).length).toBeGreaterThan(0);
  });

  it('needs names for outputs and variables', () => {
    expect(issues('terraform.output', { dir: 'a', names: [] }).length).toBeGreaterThan(0);
    expect(issues('terraform.variable', { dir: 'a', names: ['x'], default: 3 })).toEqual([]);
  });
});
