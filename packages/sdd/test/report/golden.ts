import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Golden files: the expected output of a format, byte for byte, as vitest file snapshots.
 * `pnpm exec vitest run -u packages/sdd/test/report` rewrites them; review the diff before
 * committing. In CI a missing or different file fails.
 */
export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__');

export async function expectGolden(name: string, actual: string): Promise<void> {
  await expect(actual).toMatchFileSnapshot(path.join(GOLDEN_DIR, name));
}
