#!/usr/bin/env node
// Two builds of sdd, side by side on the same generated repository: is a change slower?
// Cold (`--no-cache`) and warm `sdd validate` runs, interleaved build by build so that
// machine load falls on both alike; medians of wall and CPU seconds, and peak memory.
//
//   node scripts/bench-compare.mjs --before /path/to/other/checkout [--runs 3] [--pairs 1000] [--commits 10000] [--warm-only]
//
// --warm-only: no cold runs; each build's stored results are made once, and each run is a warm
// `--base` run with the whole-run replay cleared (a pull request's run after main's), as
// bench-history measures it.
//
// The other checkout must be built (`pnpm install` builds it). Prints a markdown table.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureRepo } from './bench/generate.mjs';
import { measure } from './bench/measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    runs: { type: 'string', default: '3' },
    pairs: { type: 'string', default: '1000' },
    commits: { type: 'string', default: '10000' },
    'warm-only': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!values.before || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node scripts/bench-compare.mjs --before DIR [--runs N] [--pairs N] [--commits N] [--warm-only]\n');
  process.exit(2);
}
const builds = [
  { name: 'before', cli: path.join(path.resolve(values.before), 'packages/sdd/dist/cli/main.js') },
  { name: 'after', cli: path.join(root, 'packages/sdd/dist/cli/main.js') },
];
for (const build of builds) {
  if (!existsSync(build.cli)) throw new Error(`${build.cli} is missing: build that checkout first`);
}

const { repo } = await ensureRepo({ pairs: Number(values.pairs), commits: Number(values.commits) });
const cacheDir = path.join(repo, 'node_modules/.cache/sdd');
const samples = new Map();
const add = (key, result) => samples.set(key, [...(samples.get(key) ?? []), result]);

const validateArgs = (build, ...flags) => [build.cli, 'validate', '--root', repo, '--format', 'json', '-q', ...flags];

if (values['warm-only']) {
  // Each build's stored results (keyed by its own code) are made once, unmeasured.
  await rm(cacheDir, { recursive: true, force: true });
  for (const build of builds) await measure(process.execPath, validateArgs(build, '--base', 'HEAD~1'), { cwd: root });
  for (let run = 0; run < runs; run++) {
    for (const build of builds) {
      process.stderr.write(`bench-compare: run ${run + 1}/${runs}, ${build.name}\n`);
      await rm(path.join(cacheDir, 'runs'), { recursive: true, force: true });
      add(`${build.name} warm --base`, await measure(process.execPath, validateArgs(build, '--base', 'HEAD~2'), { cwd: root }));
    }
  }
  await rm(cacheDir, { recursive: true, force: true });
}

for (let run = 0; run < (values['warm-only'] ? 0 : runs); run++) {
  for (const build of builds) {
    process.stderr.write(`bench-compare: run ${run + 1}/${runs}, ${build.name}\n`);
    add(`${build.name} cold`, await measure(process.execPath, [build.cli, 'validate', '--root', repo, '--no-cache', '--format', 'json', '-q'], { cwd: root }));
    // Warm: the build's own cache, filled by one unmeasured run, then a change of --base so the
    // whole run is not replayed and the stages run from their caches.
    await rm(cacheDir, { recursive: true, force: true });
    await measure(process.execPath, [build.cli, 'validate', '--root', repo, '--format', 'json', '-q', '--base', 'HEAD~1'], { cwd: root });
    add(`${build.name} warm`, await measure(process.execPath, [build.cli, 'validate', '--root', repo, '--format', 'json', '-q', '--base', 'HEAD~2'], { cwd: root }));
    await rm(cacheDir, { recursive: true, force: true });
  }
}

const median = (numbers) => {
  const sorted = numbers.filter((one) => one !== null).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)];
};
const fixed = (value, digits = 2) => (value === null ? '—' : value.toFixed(digits));
const lines = [
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${values.pairs} pairs, ${values.commits} commits, median of ${runs}`,
  '',
  '| Build, run | Wall s | CPU s | Peak RSS MB | Exit |',
  '|---|---:|---:|---:|---:|',
];
for (const [key, results] of samples) {
  lines.push(`| ${key} | ${fixed(median(results.map((one) => one.wallSeconds)))} | ${fixed(median(results.map((one) => one.cpuSeconds)))} | ${fixed(Math.max(...results.map((one) => one.rssMB ?? 0)), 0)} | ${results.map((one) => one.exitCode).join(', ')} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
