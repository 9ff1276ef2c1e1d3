#!/usr/bin/env node
// Runs every vitest project and ends with one plain line, `N passed, N failed, N skipped`,
// that CI systems read whatever runner produced it. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
const run = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let summary = 'tests: no report written';
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = json.numPendingTests + json.numTodoTests;
  summary = `tests: ${json.numPassedTests} passed, ${json.numFailedTests} failed, ${skipped} skipped`;
} catch {
  // vitest died before writing its report: its own output says why.
}
console.log(summary);
if (!process.env.SDD_CORPUS) {
  // Said once, plainly: the skipped count above includes the tests on real-world material.
  console.log('tests on real-world material skipped: SDD_CORPUS is not set (a folder holding corpus/ and seed/)');
}
process.exit(run.status ?? 1);
