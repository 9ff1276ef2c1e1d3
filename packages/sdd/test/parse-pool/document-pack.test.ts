import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packParse, unpackParse, type CachedParse } from '../../src/parse-pool/documents-cache.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { workspaceRoot } from '../support/documents-workspace.js';

// Cache entries store a document without its own path in every location;
// loading must give back exactly what the parser gave.

// A real record of this repository, with many located parts (actions, artifacts, results).
const seed = path.resolve(workspaceRoot, '.sdd/provenance/spec-0001-second-k3s-node.provenance.md');
const roundTrip = (file: string, result: CachedParse) => unpackParse(file, JSON.parse(JSON.stringify(packParse(file, result))));

describe('packParse / unpackParse', () => {
  it('gives back the parse result, and the packed entry no longer names the file per location', async () => {
    const file = '.sdd/provenance/spec-0001-second-k3s-node.provenance.md';
    const result = parseProvenance(file, await readFile(seed, 'utf8'));
    const packed = JSON.stringify(packParse(file, result));
    const named = JSON.stringify(result).split(file).length - 1;
    expect(named).toBeGreaterThan(50);
    // What is left is the record's text naming itself (its Actions Taken, its Spec field).
    expect(packed.split(file).length - 1).toBeLessThan(named / 5);
    expect(roundTrip(file, result)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('keeps paths that name other files, and findings of a broken document', () => {
    const file = '.sdd/specification/spec-0002-x.md';
    const result = parseSpec(file, '---\ntitle: [unclosed\n---\n\n## Validation steps\n\n1. `.sdd/specification/other.md` exists\n');
    expect(result.findings.length).toBeGreaterThan(0);
    expect(roundTrip(file, result)).toEqual(JSON.parse(JSON.stringify(result)));
    const foreign = { document: null, findings: [{ ruleId: 'x', severity: 'error' as const, message: 'm', location: { file: 'other.md', line: 2 } }] };
    expect(roundTrip(file, foreign)).toEqual(foreign);
  });

  it('is not fooled by the wrong file: a marker restores to the path it is loaded for', () => {
    const result = { document: null, findings: [{ ruleId: 'x', severity: 'error' as const, message: 'm', location: { file: 'a.md', line: 1 } }] };
    const packed = JSON.parse(JSON.stringify(packParse('a.md', result))) as unknown;
    expect(unpackParse('b.md', packed)).toEqual({ ...result, findings: [{ ...result.findings[0], location: { file: 'b.md', line: 1 } }] });
  });
});
