import { describe, expect, it } from 'vitest';
import { provenanceExists, provenanceSections } from '../../../src/check/kinds/provenance.js';
import { context, record } from '../../support/documents.js';

const ctx = (r: ReturnType<typeof record> | null) => context('/tmp', { record: r });

describe('provenance.exists', () => {
  it('passes when the spec has a record, pointing at it', async () => {
    const result = await provenanceExists.run({}, ctx(record()));
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.location).toEqual({ file: '.sdd/provenance/spec-0001-demo.provenance.md', line: 1 });
  });

  it('passes at the stated path and fails elsewhere', async () => {
    expect((await provenanceExists.run({ path: '.sdd/provenance/spec-0001-demo.provenance.md' }, ctx(record()))).status).toBe('pass');
    const elsewhere = await provenanceExists.run({ path: '.sdd/provenance/spec-0001-other.provenance.md' }, ctx(record()));
    expect(elsewhere.status).toBe('fail');
    expect(elsewhere.summary).toBe('the record is at `.sdd/provenance/spec-0001-demo.provenance.md`, not `.sdd/provenance/spec-0001-other.provenance.md`');
  });

  it('fails when the spec has no record', async () => {
    const result = await provenanceExists.run({}, ctx(null));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`.sdd/specification/spec-0001-demo.md` has no provenance record');
  });
});

describe('provenance.sections', () => {
  it('passes with the default required sections, in any heading case', async () => {
    const r = record();
    r.sections = r.sections.map((s) => ({ ...s, title: s.title.toUpperCase() }));
    const result = await provenanceSections.run({}, ctx(r));
    expect(result.status).toBe('pass');
    expect(result.evidence).toHaveLength(5);
  });

  it('fails naming the missing sections', async () => {
    const r = record();
    r.sections = r.sections.filter((s) => s.title !== 'Decisions Made');
    const result = await provenanceSections.run({}, ctx(r));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`.sdd/provenance/spec-0001-demo.provenance.md` lacks "Decisions Made"');
  });

  it('checks a custom list, and fails without a record', async () => {
    expect((await provenanceSections.run({ required: ['Build Status'] }, ctx(record()))).status).toBe('fail');
    expect((await provenanceSections.run({ required: ['Actions Taken'] }, ctx(record()))).status).toBe('pass');
    expect((await provenanceSections.run({}, ctx(null))).status).toBe('fail');
  });
});
