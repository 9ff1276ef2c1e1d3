import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdd } from '../support/cli.js';
import { CORPUS_SDD, corpusAvailable, describeCorpus, REPO_ROOT, repositoryDocuments, SEED_DIR } from '../support/corpus-material.js';
import { parsedRecord as parseRecord } from '../support/documents.js';
import { outsideTables } from './helpers.js';

/**
 * Real records, synced through the real pipeline: each record is committed
 * in a throwaway repository with its spec (or, when the corpus lacks it, a
 * spec made from the record's own checks), where none of the files it lists
 * exist. Sync must rewrite the tables a lot and every other byte not at all.
 */

interface Case {
  name: string;
  source: string;
  /** Where the record sits in the repository (its name as its project has it). */
  file: string;
  /** Where its spec may be found (absent: a spec is made from the record's own checks). */
  specFolder: string | null;
}

/** This repository's own records: every clone has them. */
function ownCases(): Case[] {
  return repositoryDocuments()
    .filter((one) => one.kind === 'provenance')
    .map((one) => ({ name: path.basename(one.file), source: one.absolute, file: one.file, specFolder: path.join(REPO_ROOT, '.sdd/specification') }));
}

/** The corpus's records and the seed (only when SDD_CORPUS names the material). */
async function corpusCases(): Promise<Case[]> {
  if (!corpusAvailable || CORPUS_SDD === null || SEED_DIR === null) return [];
  const corpus = CORPUS_SDD;
  const names = (await readdir(path.join(corpus, 'provenance'))).filter((name) => name !== 'template.md');
  return [
    ...names.map((name) => ({ name, source: path.join(corpus, 'provenance', name), file: `.sdd/provenance/${name}`, specFolder: path.join(corpus, 'specification') })),
    {
      name: 'seed',
      source: path.join(SEED_DIR, 'spec-0001-second-k3s-node.provenance.md'),
      file: '.sdd/provenance/spec-0001-second-k3s-node.provenance.md',
      specFolder: null,
    },
  ];
}

/** A spec whose validation steps are the record's own checks, for records whose spec the corpus does not hold. */
function specFromRecord(record: ReturnType<typeof parseRecord>): string {
  const steps = (record.validationResults?.rows ?? []).map((row, index) => `${row.number ?? index + 1}. ${row.check}`);
  return `---\ntitle: "Spec: stand-in"\n---\n\n## Validation steps\n\n${steps.join('\n')}\n`;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sdd-corpus-sync-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Sync rewrites the tables and keeps every other byte; a second sync would change nothing. */
async function syncKeepsTheRest(entry: Case): Promise<void> {
  const repo = await mkdtemp(path.join(root, 'repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
  git('init', '-q');
  const original = await readFile(entry.source, 'utf8');
  const record = parseRecord(entry.file, original);
  await mkdir(path.join(repo, '.sdd/provenance'), { recursive: true });
  await mkdir(path.join(repo, '.sdd/specification'), { recursive: true });
  await copyFile(entry.source, path.join(repo, entry.file));
  const specPath = record.specRef?.path ?? '';
  const ownSpec = entry.specFolder === null ? null : path.join(entry.specFolder, path.basename(specPath));
  const spec = ownSpec === null ? specFromRecord(record) : await readFile(ownSpec, 'utf8').catch(() => specFromRecord(record));
  await writeFile(path.join(repo, specPath), spec);
  git('add', '.');
  git('commit', '-q', '-m', 'record');

  const first = await runSdd(['provenance', 'sync', entry.file], { cwd: repo });
  expect(first.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
  expect(first.code).toBe(0);
  const synced = await readFile(path.join(repo, entry.file), 'utf8');
  expect(synced).not.toBe(original);
  expect(outsideTables(synced, parseRecord(entry.file, synced))).toEqual(outsideTables(original, record));

  const second = await runSdd(['provenance', 'sync', entry.file, '--check'], { cwd: repo });
  // Notes about rows left alone may remain; nothing would change.
  expect(second.stderr).not.toMatch(/→|added|removed/);
  expect(second.code).toBe(0);
  expect(await readFile(path.join(repo, entry.file), 'utf8')).toBe(synced);
}

describe('sdd provenance sync on this repository\'s own records', () => {
  it.each(ownCases())('$name', syncKeepsTheRest);
});

describeCorpus('sdd provenance sync on the corpus records', async () => {
  it.each(await corpusCases())('$name', syncKeepsTheRest);
});
