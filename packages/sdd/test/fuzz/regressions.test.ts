import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/corpus-material.js';
import { runBatch } from './fuzz.js';

const FIXTURES = path.join(REPO_ROOT, 'packages/sdd/test/fixtures/fuzz');

describe('fuzz regressions: documents that once crashed sdd', () => {
  it('each crashing seed ends in a located check/declaration finding, with every report format written', async () => {
    const names = (await readdir(FIXTURES)).filter((name) => name.startsWith('spec-'));
    expect(names.length).toBeGreaterThanOrEqual(3);
    const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-fuzz-regression-'));
    await mkdir(path.join(root, '.sdd/specification'), { recursive: true });
    const made = new Map<string, { seed: number; text: string }>();
    for (const [index, name] of names.entries()) {
      const text = await readFile(path.join(FIXTURES, name), 'utf8');
      const file = `.sdd/specification/spec-${String(index + 1).padStart(4, '0')}-crash.md`;
      await writeFile(path.join(root, file), text);
      made.set(file, { seed: Number(/\d+/.exec(name)?.[0]), text });
    }
    const { result } = await runBatch({ root, made });
    for (const file of made.keys()) {
      const findings = result.specs.find((spec) => spec.spec.file === file)?.findings ?? [];
      expect(findings).toContainEqual(
        expect.objectContaining({ ruleId: 'check/declaration', message: expect.stringMatching(/Unresolved alias/), location: expect.objectContaining({ file }) }),
      );
    }
  });
});
