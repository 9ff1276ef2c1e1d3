import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StepFact } from '../../src/author/results.js';
import { syncRecord } from '../../src/author/sync.js';
import type { NetChange } from '../../src/discover/record-change.js';
import { parsedRecord as parseRecord } from '../support/documents.js';
import { judge, outsideTables } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'sync');
// `vitest run -u` rewrites the expected files (file snapshots); review the diff before keeping it.

interface Fixture {
  file: string;
  changes: NetChange[] | null;
  steps: StepFact[] | null;
}

describe('syncRecord on fixtures', () => {
  for (const name of readdirSync(fixtures)) {
    it(name, async () => {
      const folder = path.join(fixtures, name);
      const input = readFileSync(path.join(folder, 'input.md'), 'utf8');
      const { file, changes, steps } = JSON.parse(readFileSync(path.join(folder, 'facts.json'), 'utf8')) as Fixture;
      const record = parseRecord(file, input);
      const outcome = syncRecord(input, record, { artifacts: judge(record, changes), steps });
      const rendered = `${outcome.text}\n<!-- notes -->\n${outcome.notes.join('\n')}\n`;
      const expectedFile = path.join(folder, 'output.md');
      await expect(rendered).toMatchFileSnapshot(expectedFile);

      // Nothing outside the tables moves, and a second sync has nothing left to do.
      const synced = parseRecord(file, outcome.text);
      expect(outsideTables(outcome.text, synced)).toEqual(outsideTables(input, record));
      expect(syncRecord(outcome.text, synced, { artifacts: judge(synced, changes), steps }).text).toBe(outcome.text);
    });
  }
});

describe('syncRecord', () => {
  const file = '.sdd/provenance/spec-0001-x.provenance.md';
  const record = [
    '**Spec:** `.sdd/specification/spec-0001-x.md`',
    '',
    '## Artifacts Produced',
    '',
    '| File | Status |',
    '|------|--------|',
    '| `a.txt` | Created — the first |',
    '',
    '## Validation Results',
    '',
    '| # | Check | Result |',
    '|---|-------|--------|',
    '| 1 | `a.txt` exists | Pass — by hand |',
    '| 2 | Looks right | Pass |',
    '',
  ].join('\n');

  it('keeps a record that agrees with the evidence byte for byte', () => {
    const parsed = parseRecord(file, record);
    const outcome = syncRecord(record, parsed, {
      artifacts: judge(parsed, [{ path: 'a.txt', actual: 'added' }]),
      steps: [
        { step: 1, markdown: '`a.txt` exists', status: 'pass', note: null },
        { step: 2, markdown: 'Looks right', status: 'manual', note: null },
      ],
    });
    expect(outcome.text).toBe(record);
    expect(outcome.notes).toEqual([]);
  });

  it('never turns a result into Pass unless sdd measured a pass', () => {
    const failing = record.replace('| Pass — by hand |', '| Fail — it was missing |').replace('| 2 | Looks right | Pass |', '| 2 | Looks right | Not run |');
    const outcome = syncRecord(failing, parseRecord(file, failing), {
      artifacts: null,
      steps: [
        { step: 1, markdown: '`a.txt` exists', status: 'not-run', note: 'no permission' },
        { step: 2, markdown: 'Looks right', status: 'manual', note: null },
      ],
    });
    expect(outcome.text).toContain('| 1 | `a.txt` exists | Not run — no permission |');
    expect(outcome.text).toContain('| 2 | Looks right | Not run |');
    expect(outcome.text).not.toMatch(/\| Pass/);
  });

  it('leaves both tables alone without evidence to sync against', () => {
    const outcome = syncRecord(record, parseRecord(file, record), { artifacts: null, steps: null });
    expect(outcome.text).toBe(record);
    expect(outcome.notes).toEqual([
      'Artifacts Produced: no git facts, left as it is',
      'Validation Results: the spec is unknown, left as it is',
    ]);
  });

  it('keeps CRLF line endings', () => {
    const crlf = record.replace(/\n/g, '\r\n');
    const parsed = parseRecord(file, crlf);
    const outcome = syncRecord(crlf, parsed, {
      artifacts: judge(parsed, [
        { path: 'a.txt', actual: 'added' },
        { path: 'b.txt', actual: 'added' },
      ]),
      steps: null,
    });
    expect(outcome.text).toBe(crlf.replace('| `a.txt` | Created — the first |\r\n', '| `a.txt` | Created — the first |\r\n| `b.txt` | Created |\r\n'));
  });
});
