#!/usr/bin/env node
// The sdd benchmark: builds (or reuses) a synthetic repository of N
// spec/provenance pairs with M commits, then measures, on the same files,
// raw reading, the remark parser alone, markdownlint-cli2, `sdd validate`
// cold and warm, and `sdd --version`. Prints a markdown table and writes it
// to scripts/bench/last-results.md.
//
//   node scripts/bench.mjs [--pairs 1000] [--commits 10000] [--runs 1] [--fresh]
//                          [--no-build] [--generate-only] [--out DIR]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureRepo } from './bench/generate.mjs';
import { measure, memorySource, summarise } from './bench/measure.mjs';
import { renderResults } from './bench/table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SDD_CLI = path.join(root, 'packages/sdd/dist/cli/main.js');
const MARKDOWNLINT = path.join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');

const USAGE = `usage: node scripts/bench.mjs [options]
  --pairs N         spec/provenance pairs (default 1000)
  --commits M       commits in the history (default 10000)
  --runs R          runs per measure; the table shows the median (default 1)
  --fresh           regenerate the repository even if a cached one exists
  --no-build        do not run \`pnpm build\` first
  --generate-only   build the repository and print its path; measure nothing
  --out DIR         keep the repository in DIR (default: os.tmpdir()/sdd-bench-<hash>)
`;

function options() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '1000' },
      commits: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '1' },
      fresh: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const count = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  return {
    help: values.help,
    pairs: count('pairs', 1),
    commits: count('commits', 1),
    runs: count('runs', 1),
    fresh: values.fresh,
    build: !values['no-build'],
    generateOnly: values['generate-only'],
    out: values.out ? path.resolve(values.out) : undefined,
  };
}

class UsageError extends Error {}

async function main() {
  const opts = options();
  if (opts.help) return void process.stdout.write(USAGE);

  const started = Date.now();
  const { repo, manifest, cached } = await ensureRepo({ ...opts, dir: opts.out });
  log(`${cached ? 'reusing' : 'generated'} ${repo} (${manifest.pairs} pairs, ${manifest.commits} commits, ${manifest.drift.length} drifting) in ${secondsSince(started)}`);
  if (opts.generateOnly) return void process.stdout.write(`${repo}\n`);

  if (opts.build) {
    log('building sdd (pnpm build)');
    const build = spawnSync('pnpm', ['build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) log(`pnpm build failed (exit ${build.status}); measuring the existing dist/\n${build.stdout}${build.stderr}`);
  }
  if (!existsSync(SDD_CLI)) throw new UsageError(`${path.relative(root, SDD_CLI)} is missing: run pnpm build`);

  const { rows, runSlots } = await measureAll(repo, opts.runs);
  const markdown = renderResults({ rows, manifest, repo, runs: opts.runs, memory: memorySource(), machine: machine(), runSlots });
  process.stdout.write(markdown);
  await writeFile(path.join(root, 'scripts/bench/last-results.md'), markdown);
  log(`wrote scripts/bench/last-results.md (${secondsSince(started)} in all)`);
}

async function measureAll(repo, runs) {
  const sddValidate = [SDD_CLI, 'validate', '--root', repo, '--format', 'json'];
  const clearCache = () =>
    Promise.all(['node_modules/.cache/sdd', '.sdd/.cache'].map((dir) => rm(path.join(repo, dir), { recursive: true, force: true })));
  const measures = [
    { name: 'read all documents', command: [process.execPath, path.join(root, 'scripts/bench/read-all.mjs'), repo] },
    { name: 'remark parse (unified + remark-parse + remark-gfm)', command: [process.execPath, path.join(root, 'scripts/bench/remark-all.mjs'), repo] },
    { name: 'remark parse as sdd configures it (GFM tables, task lists, strikethrough)', command: [process.execPath, path.join(root, 'scripts/bench/remark-sdd.mjs'), repo] },
    { name: 'markdownlint-cli2', command: [process.execPath, MARKDOWNLINT, '.sdd/specification/*.md', '.sdd/provenance/*.md'], cwd: repo },
    { name: 'sdd validate (cold)', command: [process.execPath, ...sddValidate], before: clearCache, sdd: true },
    // Counted right after the warm run: later measures clear the cache.
    { name: 'sdd validate (warm)', command: [process.execPath, ...sddValidate], sdd: true, after: async () => (runSlots = await countRunSlots(repo)) },
    { name: 'sdd discover + parseDocumentsCached (cold)', command: [process.execPath, path.join(root, 'scripts/bench/sdd-parse-stage.mjs'), repo], before: clearCache },
    { name: 'sdd discover + parseDocumentsCached (warm)', command: [process.execPath, path.join(root, 'scripts/bench/sdd-parse-stage.mjs'), repo] },
    { name: 'sdd stages, warm, in one process (ms)', command: [process.execPath, path.join(root, 'scripts/bench/stages.mjs'), repo] },
    { name: 'sdd --version', command: [process.execPath, SDD_CLI, '--version'] },
  ];
  const rows = [];
  let runSlots = 0;
  for (const one of measures) {
    const results = [];
    for (let run = 0; run < runs; run += 1) {
      await one.before?.();
      log(`measuring ${one.name}${runs > 1 ? ` (run ${run + 1}/${runs})` : ''}`);
      results.push(await measure(one.command[0], one.command.slice(1), { cwd: one.cwd ?? root }));
    }
    const last = results.at(-1);
    await one.after?.();
    rows.push({ name: one.name, ...summarise(results), note: one.sdd ? sddNote(last) : otherNote(last) });
  }
  return { rows, runSlots };
}

/** Whole-run cache entries in the bench repository: the warm run is a replay only where there is one. */
async function countRunSlots(repo) {
  const runs = path.join(repo, 'node_modules/.cache/sdd/runs');
  const slots = await readdir(runs).catch(() => []);
  return slots.filter((slot) => existsSync(path.join(runs, slot, 'meta.json'))).length;
}

/** What sdd reported, so the table shows it did real work (or why it did not). */
function sddNote(result) {
  try {
    const { summary } = JSON.parse(result.stdout);
    const { findings, artifacts, steps } = summary;
    return `findings ${findings.error}E/${findings.warning}W/${findings.info}I; artifacts drift ${artifacts.drift}/${artifacts.total}; steps pass ${steps.pass} fail ${steps.fail} not-run ${steps.notRun} manual ${steps.manual}`;
  } catch {
    return `no JSON report: ${firstLine(result.stderr) || 'empty output'}`;
  }
}

function otherNote(result) {
  return result.exitCode === 0 ? firstLine(result.stdout) : firstLine(result.stderr) || firstLine(result.stdout);
}

function firstLine(text) {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}

function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function secondsSince(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof UsageError ? error.message : (error?.stack ?? error)}\n`);
  if (error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS')) process.stderr.write(USAGE);
  process.exitCode = 2;
});
