import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';

interface Case { '@_name': string; failure?: { '@_message': string; '#text'?: string }; skipped?: { '@_message': string } }
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_skipped': string; testcase: Case[] }

function parse(xml: string): Suite[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  return (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
}

describe('junit report', () => {
  it('parses as XML, one suite per spec plus sdd.findings, with the expected counts', () => {
    const suites = parse(render(fixture, 'junit'));
    expect(suites.map((s) => s['@_name'].split(':')[0])).toEqual([
      '.sdd/specification/spec-0001-second-k3s-node.md',
      '.sdd/specification/spec-0002-ünïcode-名前.md',
      '.sdd/specification/spec-0003-percent.md',
      'sdd.findings',
    ]);
    const [spec1, spec2, spec3, findings] = suites;
    // Spec 1: 10 steps (the extra record row is not a step): 2 fail (one refuted by a fact), 2 not run + 2 manual + 1 consistent skipped.
    expect([spec1!['@_tests'], spec1!['@_failures'], spec1!['@_skipped']]).toEqual(['10', '2', '5']);
    expect(spec1!.testcase.filter((c) => c.failure)).toHaveLength(2);
    expect(spec1!.testcase.filter((c) => c.skipped)).toHaveLength(5);
    expect([spec2!['@_tests'], spec2!['@_failures'], spec2!['@_skipped']]).toEqual(['2', '0', '1']);
    expect([spec3!['@_tests'], spec3!['@_failures'], spec3!['@_skipped']]).toEqual(['1', '0', '0']);
    // Error-level findings only: 6 of them.
    expect(findings!.testcase).toHaveLength(6);
    expect(findings!.testcase.every((c) => c.failure)).toBe(true);
  });

  it('names a case by step number and text; a failure carries the evidence, a skip the reason', () => {
    const [spec1] = parse(render(fixture, 'junit'));
    const failed = spec1!.testcase.find((c) => c.failure)!;
    expect(failed['@_name']).toBe('2. `infra/main.tf` has `helm-controller` in `--components` | flux');
    expect(failed.failure!['#text']).toContain('closest line (infra/main.tf:12:5)');
    const notRun = spec1!.testcase.find((c) => c['@_name'].startsWith('3.'))!;
    expect(notRun.skipped!['@_message']).toBe('Not run: terraform validate was not run (provider hashicorp/azurerm cannot be installed offline)');
  });

  it('a clean run has no failure and no findings suite', () => {
    const suites = parse(render(cleanFixture, 'junit'));
    expect(suites).toHaveLength(1);
    expect(suites[0]!.testcase.some((c) => c.failure)).toBe(false);
  });

  it('escapes markup and replaces characters XML cannot hold', () => {
    const hostile: ValidateResult = {
      ...cleanFixture,
      specs: cleanFixture.specs.map((spec) => ({ ...spec, spec: { ...spec.spec, title: 'a\u0000b\u0007c ]]> <x & "y"' } })),
    };
    const xml = render(hostile, 'junit');
    expect(xml).not.toContain('\u0000');
    expect(xml).not.toContain(']]>');
    const [suite] = parse(xml);
    expect(suite!['@_name']).toBe('.sdd/specification/spec-0003-percent.md: a\uFFFDb\uFFFDc ]]> <x & "y"');
  });
});
