import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Golden files: the expected output of a format, byte for byte.
 * `UPDATE_GOLDEN=1 pnpm vitest run packages/sdd/test/report` rewrites them;
 * review the diff before committing.
 */
export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__');

export async function expectGolden(name: string, actual: string): Promise<void> {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    // A missing golden is written once, then the test fails so that no run passes on an unreviewed file.
    const missing = !existsSync(file);
    await mkdir(GOLDEN_DIR, { recursive: true });
    await writeFile(file, actual);
    if (missing && process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} did not exist; written now: review it and run again`);
    return;
  }
  expect(actual).toBe(await readFile(file, 'utf8'));
}
