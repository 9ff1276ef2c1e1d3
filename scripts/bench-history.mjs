#!/usr/bin/env node
// What "history is evidence" (spec 0020) promises about time, measured:
//
//  1. A pull request's `sdd validate --base` does not grow with the number of
//     old specs: the same run on a 10-pair and a 1,000-pair history (generated
//     as scripts/bench.mjs does), cold, then warm (old specs' results stored)
//     several times, the sizes alternating, compared by median and range
//     (specs 0039, 0044). A third history holds the 1,000-pair one's code and
//     commits with only 10 of its features documented (spec 0049): against it,
//     the 1,000-pair difference is what the 990 old specs cost, without the
//     larger tree and log that come with them.
//  2. On this repository, a cold `sdd validate --no-cache` costs at most about
//     1.2 times `pnpm test` (the suite its steps run), the two measured in the
//     same session, one after the other.
//
//   node scripts/bench-history.mjs [--commits 2000] [--samples 5] [--skip-self] [--no-build]
//
// Prints a markdown table and writes it to scripts/bench/history-results.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureRepo } from './bench/generate.mjs';
import { measure } from './bench/measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SDD_CLI = path.join(root, 'packages/sdd/dist/cli/main.js');

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '2000' },
    'skip-self': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    samples: { type: 'string', default: '5' },
  },
});
const commits = Number(values.commits);
const samples = Number(values.samples);
if (!Number.isInteger(commits) || commits < 1 || !Number.isInteger(samples) || samples < 1) {
  process.stderr.write('bench-history: --commits and --samples must be positive integers\n');
  process.exit(2);
}

function log(message) {
  process.stderr.write(`bench-history: ${message}\n`);
}

function summaryOf(result) {
  try {
    const { summary, settled } = JSON.parse(result.stdout);
    // Spec 0052: settled specs without findings are counted in the result's `settled` group, not listed.
    const group = summary.settled === undefined ? '' : `; ${summary.settled} settled, ${settled?.specs.length ?? 0} counted in the group`;
    return `exit ${result.exitCode}; ${summary.findings.error}E/${summary.findings.warning}W; steps pass ${summary.steps.pass}, not re-run ${summary.steps.notReRun ?? 0}${group}`;
  } catch {
    return `exit ${result.exitCode}; ${(result.stderr.trim().split('\n')[0] ?? '').slice(0, 80)}`;
  }
}

const rows = [];
const seconds = (result) => result.wallSeconds.toFixed(1);
const cpu = (result) => result.cpuSeconds?.toFixed(1) ?? '—';

if (!values['no-build']) {
  log('building sdd (pnpm build)');
  spawnSync('pnpm', ['build'], { cwd: root, stdio: 'ignore' });
}
if (!existsSync(SDD_CLI)) throw new Error('packages/sdd/dist is missing: run pnpm build');

/** The median and the range of a list of numbers, as `1.23 (1.10–1.40)`. */
function spread(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { median, text: `${median.toFixed(2)} (${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)})` };
}

// The histories are made and filled first; then their warm samples alternate, one size after
// the other, so that this machine's drift from one minute to the next (about 0.2 s) falls on both
// alike (spec 0044: measured one size after the other, the same build's difference swung from 0.04 s to 0.53 s).
const sizes = [];
const SIZES = [
  { key: 'small', pairs: 10, documented: 10, label: '10 pairs' },
  { key: 'same-code', pairs: 1000, documented: 10, label: '1,000 features, 10 documented' },
  { key: 'large', pairs: 1000, documented: 1000, label: '1,000 pairs' },
];
for (const { key, pairs, documented, label } of SIZES) {
  // The generator leaves the index refreshed (a racily clean one re-hashes every file at each status).
  const { repo } = await ensureRepo({ pairs, commits, documented });
  log(`measuring --base on ${label}, ${commits} commits: cold`);
  const cache = path.join(repo, 'node_modules/.cache/sdd');
  await rm(cache, { recursive: true, force: true });
  const cold = await measure(process.execPath, [SDD_CLI, 'validate', '--root', repo, '--base', 'HEAD~1', '--format', 'json'], { cwd: root });
  sizes.push({ key, label, repo, cache, cold, warm: [] });
}
// A pull request's run after main's: another base, old specs' stored results kept. The whole-run
// replay is cleared before each sample, so each one runs (a replay would time the replay).
for (let sample = 0; sample < samples; sample += 1) {
  log(`warm --base sample ${sample + 1}/${samples}, each history`);
  for (const size of sizes) {
    await rm(path.join(size.cache, 'runs'), { recursive: true, force: true });
    size.warm.push(await measure(process.execPath, [SDD_CLI, 'validate', '--root', size.repo, '--base', 'HEAD~2', '--format', 'json'], { cwd: root }));
  }
}
const warmBySize = new Map();
for (const { key, label, repo, cache, cold, warm } of sizes) {
  rows.push([`sdd validate --base HEAD~1, cold cache, ${label} / ${commits} commits`, seconds(cold), cpu(cold), cold.rssMB?.toFixed(0) ?? '—', summaryOf(cold)]);
  const last = warm.at(-1);
  const wall = spread(warm.map((one) => one.wallSeconds));
  const cpus = spread(warm.map((one) => one.cpuSeconds ?? Number.NaN));
  warmBySize.set(key, { wall, cpu: cpus, samples: warm });
  rows.push([`sdd validate --base HEAD~2 after it (stored results kept), ${label}: median (range) of ${samples}, alternating with the other histories`, wall.text, cpus.text, last.rssMB?.toFixed(0) ?? '—', `${summaryOf(last)}; JSON ${(Buffer.byteLength(last.stdout) / 1e6).toFixed(1)} MB`]);
  await rm(path.join(cache, 'runs'), { recursive: true, force: true });
  const text = await measure(process.execPath, [SDD_CLI, 'validate', '--root', repo, '--base', 'HEAD~3', '-q'], { cwd: root });
  rows.push([`sdd validate --base HEAD~3 after them, text report, ${label}`, seconds(text), cpu(text), text.rssMB?.toFixed(0) ?? '—', `exit ${text.exitCode}; ${(Buffer.byteLength(text.stdout) / 1e3).toFixed(0)} kB`]);
}
// The noise a difference is weighed against: how far the smaller history's samples spread around their own median.
const noise = (size, key) => {
  const values = size.samples.map((one) => (key === 'wall' ? one.wallSeconds : (one.cpuSeconds ?? Number.NaN)));
  return Math.max(...values) - Math.min(...values);
};
/**
 * Samples of one round ran one after the other, so the difference within a round is free of the
 * machine's drift between rounds. The median of those differences, with a distribution-free interval
 * of at least 95% for it (the sign test's order statistics): when it holds 0, the two
 * histories' times cannot be told apart at this many samples.
 */
function pairedDifference(small, large, key) {
  const pick = (one) => (key === 'wall' ? one.wallSeconds : (one.cpuSeconds ?? Number.NaN));
  const differences = large.samples.map((one, index) => pick(one) - pick(small.samples[index])).sort((a, b) => a - b);
  const n = differences.length;
  let k = 0;
  // The largest k with P(Binomial(n, 1/2) < k) at most 2.5%: the interval is [d(k), d(n-k+1)].
  for (let cumulative = 0, j = 0; j < n; j += 1) {
    cumulative += binomial(n, j) / 2 ** n;
    if (cumulative > 0.025) break;
    k = j + 1;
  }
  const median = differences[Math.floor(n / 2)];
  if (k === 0) return { median, text: `${median.toFixed(2)} (too few samples for an interval)`, holdsZero: null };
  const low = differences[k - 1];
  const high = differences[n - k];
  return { median, text: `${median.toFixed(2)} [${low.toFixed(2)}, ${high.toFixed(2)}]`, holdsZero: low <= 0 && high >= 0 };
}

function binomial(n, j) {
  let value = 1;
  for (let i = 1; i <= j; i += 1) value = (value * (n - j + i)) / i;
  return value;
}

const difference = (label, small, large) => {
  const wall = pairedDifference(small, large, 'wall');
  const cpuTime = pairedDifference(small, large, 'cpu');
  const verdict = wall.holdsZero === null ? 'too few samples' : wall.holdsZero ? 'within noise (the interval holds 0)' : 'not within noise (the interval leaves out 0)';
  return [
    label,
    wall.text,
    cpuTime.text,
    '',
    `${verdict}; ratio of medians ${(large.cpu.median / small.cpu.median).toFixed(2)} (CPU); the smaller one's samples range over ${noise(small, 'wall').toFixed(2)} s wall; target: the same time within noise`,
  ];
};
const large = warmBySize.get('large');
rows.push(difference('warm --base, 1,000 pairs against 10 pairs: median of the paired differences [95% interval]', warmBySize.get('small'), large));
rows.push(difference('warm --base, 1,000 pairs against the same code and commits with 10 documented (what the old specs themselves cost): median of the paired differences [95% interval]', warmBySize.get('same-code'), large));

if (!values['skip-self']) {
  log('measuring pnpm test on this repository');
  const tests = await measure('pnpm', ['-s', 'test'], { cwd: root });
  rows.push(['pnpm test (this repository)', seconds(tests), cpu(tests), tests.rssMB?.toFixed(0) ?? '—', `exit ${tests.exitCode}`]);
  log('measuring sdd validate --no-cache on this repository');
  const validate = await measure(process.execPath, [SDD_CLI, 'validate', '--no-cache', '--format', 'json'], { cwd: root });
  rows.push(['sdd validate --no-cache (this repository)', seconds(validate), cpu(validate), validate.rssMB?.toFixed(0) ?? '—', summaryOf(validate)]);
  rows.push(['ratio validate / test', (validate.wallSeconds / tests.wallSeconds).toFixed(2), '', '', 'target ≤ 1.2']);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const table = [
  `# History benchmark (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${machine}`,
  '',
  '| Measure | Wall s | CPU s | Peak RSS MB | Result |',
  '|---|---:|---:|---:|---|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
  '',
].join('\n');
process.stdout.write(table);
await writeFile(path.join(root, 'scripts/bench/history-results.md'), table);
