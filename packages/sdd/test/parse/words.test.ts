import { describe, expect, it } from 'vitest';
import { normaliseResult, normaliseStatus } from '../../src/parse/index.js';

describe('normaliseResult', () => {
  it.each([
    ['Pass', 'Pass', null],
    ['Passed', 'Pass', null],
    ['ok', 'Pass', null],
    ['✅', 'Pass', null],
    ['✅ Pass — all good', 'Pass', 'all good'],
    ['Pass — only list value added', 'Pass', 'only list value added'],
    ['Pass.', 'Pass', null],
    ['Fail', 'Fail', null],
    ['Failed: exit code 1', 'Fail', 'exit code 1'],
    ['❌', 'Fail', null],
    ['Partial — pre-existing errors', 'Fail', 'Partial — pre-existing errors'],
    ['Partial', 'Fail', 'Partial'],
    ['Not run — terraform binary not available', 'Not run', 'terraform binary not available'],
    ['Not verified (no Terraform installed)', 'Not run', 'no Terraform installed'],
    ['Not verified locally', 'Not run', 'locally'],
    ['Skipped', 'Not run', null],
    ['Pending (commit step)', 'Not run', 'commit step'],
    ['not executed', 'Not run', null],
    ['N/A', 'Not applicable', null],
    ['n/a — docs only', 'Not applicable', 'docs only'],
    ['Not applicable — only Terraform files changed', 'Not applicable', 'only Terraform files changed'],
  ])('%s → %s (detail %s)', (raw, word, detail) => {
    expect(normaliseResult(raw)).toEqual({ word, detail });
  });

  it.each([['Pass / Fail — details'], ['Passing'], ['Done'], ['Pass or Fail'], [''], ['maybe']])(
    '%s is not read: null word, raw text as detail',
    (raw) => {
      expect(normaliseResult(raw)).toEqual({ word: null, detail: raw === '' ? null : raw });
    },
  );
});

describe('normaliseStatus', () => {
  it.each([
    ['Created', 'Created', null],
    ['Added', 'Created', null],
    ['New', 'Created', null],
    ['Modified — appended `x`', 'Modified', 'appended `x`'],
    ['Modified (frontmatter added)', 'Modified', 'frontmatter added'],
    ['Updated', 'Modified', null],
    ['Changed', 'Modified', null],
    ['Replaced (Node.js server mode)', 'Modified', 'Node.js server mode'],
    ['Overwrote', 'Modified', null],
    ['Rewritten', 'Modified', null],
    ['Deleted', 'Deleted', null],
    ['Removed', 'Deleted', null],
    ['Moved', 'Renamed', null],
    ['Renamed from a.md', 'Renamed', 'from a.md'],
    ['Pre-existing (not created by this agent)', 'Unchanged', 'not created by this agent'],
    ['Already existed (prerequisite)', 'Unchanged', 'prerequisite'],
    ['unchanged', 'Unchanged', null],
  ])('%s → %s (detail %s)', (raw, word, detail) => {
    expect(normaliseStatus(raw)).toEqual({ word, detail });
  });

  it.each([['Created / Modified / Deleted'], ['Generated'], ['Newly made'], ['—']])('%s is not read', (raw) => {
    expect(normaliseStatus(raw)).toEqual({ word: null, detail: raw });
  });
});
