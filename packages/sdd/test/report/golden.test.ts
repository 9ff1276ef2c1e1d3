import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/compare/summary.js';
import { ValidateResultSchema, type ValidateResult } from '../../src/model/index.js';
import { render, REPORT_FORMATS, type ReportFormat } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';
import { expectGolden } from './golden.js';

const EXTENSION: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  html: 'html',
  junit: 'xml',
  sarif: 'sarif',
  annotations: 'annotations.txt',
};

describe('golden output', () => {
  for (const format of REPORT_FORMATS) {
    it(`${format} of the rich fixture`, async () => {
      await expectGolden(`fixture.${EXTENSION[format]}`, render(fixture, format, { linkBase: '../' }));
    });
    it(`${format} of a clean run`, async () => {
      await expectGolden(`clean.${EXTENSION[format]}`, render(cleanFixture, format));
    });
  }
  it('text with colours', async () => {
    await expectGolden('fixture.color.txt', render(fixture, 'text', { color: true }));
  });
});

describe('an empty run', () => {
  const empty: ValidateResult = ValidateResultSchema.parse({
    schemaVersion: 2,
    tool: { name: 'sdd', version: '0.1.0' },
    findings: [],
    specs: [],
    summary: summarize([], []),
    exitCode: 0,
  });
  for (const format of REPORT_FORMATS) {
    it(`renders in ${format} without a spec`, () => {
      const out = render(empty, format);
      if (format === 'annotations') expect(out).toBe('');
      else expect(out).toContain(format === 'junit' ? 'tests="0"' : format === 'sarif' ? '"results": []' : '0');
    });
  }
});

it('names the formats it knows when asked for another', () => {
  expect(() => render(fixture, 'pdf' as ReportFormat)).toThrow('unknown report format "pdf"; one of: text, json, markdown, html, junit, sarif, annotations');
});
