import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { specFilterMatches } from '../../src/parse/index.js';

// The one resolver behind `--spec` (validate, check, report) and the spec argument of
// `provenance draft` / `provenance sync`: one table of answers.
const SPECS = ['.sdd/specification/spec-0001-second-node.md', '.sdd/specification/spec-0012-audit-log.md', '.sdd/specification/prov-0003-loose.md'];
const ROOT = '/repo';

function matching(filter: string, cwd = ROOT): string[] {
  return SPECS.filter((file) => specFilterMatches(file, filter, { root: ROOT, cwd }));
}

describe('specFilterMatches', () => {
  it.each([
    ['1', ['.sdd/specification/spec-0001-second-node.md']],
    ['0001', ['.sdd/specification/spec-0001-second-node.md']],
    ['12', ['.sdd/specification/spec-0012-audit-log.md']],
    ['0', []],
    ['second-node', ['.sdd/specification/spec-0001-second-node.md']],
    ['spec-0012-audit-log', ['.sdd/specification/spec-0012-audit-log.md']],
    ['.sdd/specification/spec-0012-audit-log.md', ['.sdd/specification/spec-0012-audit-log.md']],
    ['spec-0012-audit-log.md', []],
    ['audit', []],
    ['../repo/.sdd/specification/spec-0001-second-node.md', ['.sdd/specification/spec-0001-second-node.md']],
  ])('%s names %j', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('reads a path from the working directory where the caller has one (draft, sync), else from the root (validate)', () => {
    const cwd = path.join(ROOT, '.sdd/specification');
    expect(matching('spec-0012-audit-log.md', cwd)).toEqual(['.sdd/specification/spec-0012-audit-log.md']);
    expect(SPECS.filter((file) => specFilterMatches(file, 'spec-0012-audit-log.md'))).toEqual([]);
  });

  // Where the two resolvers it replaces answered differently, these are the answers kept.
  it('takes `./`-prefixed paths (validate refused them; draft and sync took them)', () => {
    expect(SPECS.filter((file) => specFilterMatches(file, './.sdd/specification/spec-0001-second-node.md'))).toEqual(['.sdd/specification/spec-0001-second-node.md']);
  });

  it('reads number and slug of a loosely named spec as the report shows them (draft and sync refused `3`)', () => {
    expect(matching('3')).toEqual(['.sdd/specification/prov-0003-loose.md']);
    expect(matching('loose')).toEqual(['.sdd/specification/prov-0003-loose.md']);
  });
});
