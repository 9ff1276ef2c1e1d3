import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, runValidation, type RunSinks } from '../../src/index.js';
import { RECORD, recordText, SPEC, specText } from '../support/markdown.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// The library's one entry point for a run with output, called as a CI integration would:
// no CLI, its own sinks, the exit code returned.

interface Captured {
  sinks: RunSinks;
  stdout: () => string;
  stderr: () => string;
}

function capture(): Captured {
  let stdout = '';
  let stderr = '';
  return {
    sinks: {
      stdout: (text) => {
        stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

let repo: TempRepo;
beforeEach(async () => {
  repo = await createRepo();
  await repo.write('hello.txt', 'hello\n');
  await repo.write(SPEC, specText());
  await repo.write(
    RECORD,
    recordText({
      artifacts: [['hello.txt', 'Created'], [SPEC, 'Created'], [RECORD, 'Created']],
      results: [['1', '`hello.txt` exists', 'Pass'], ['2', '`hello.txt` contains `hello`', 'Pass']],
    }),
  );
  repo.commit('spec 0001: greeting');
});
afterEach(async () => {
  await repo.dispose();
});

describe('runValidation, the library entry point', () => {
  it('prints the report to its stdout sink, writes the report files asked for, and returns the exit code', async () => {
    const out = capture();
    const code = await runValidation({ root: repo.root, stdout: 'json', outputs: [{ file: 'reports/r.sarif', format: 'sarif' }], sinks: out.sinks });
    expect(code).toBe(0);
    expect(JSON.parse(out.stdout()).exitCode).toBe(0);
    expect(JSON.parse(await readFile(path.join(repo.root, 'reports/r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(out.stderr()).toContain('sdd: wrote sarif report to reports/r.sarif');
  });

  it('returns 1 when the record claims what the checks refute, and 0 with verdict "written" (sdd report)', async () => {
    // The record's own commit has a greeting its second check refutes.
    await repo.write('hello.txt', 'goodbye\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--amend', '--no-edit');
    expect(await runValidation({ root: repo.root, stdout: 'text', sinks: capture().sinks, cache: false })).toBe(1);
    const report = capture();
    expect(await runValidation({ root: repo.root, stdout: null, outputs: [{ file: 'r.json', format: 'json' }], verdict: 'written', sinks: report.sinks, cache: false })).toBe(0);
    expect(report.stdout()).toBe('');
    expect(JSON.parse(await readFile(path.join(repo.root, 'r.json'), 'utf8')).exitCode).toBe(1);
  });

  it('replays an unchanged run from the whole-run cache, byte for byte, and says so through progress', async () => {
    await mkdir(path.join(repo.root, 'node_modules'), { recursive: true });
    await writeFile(path.join(repo.root, '.gitignore'), 'node_modules/\n');
    const run = async () => {
      const out = capture();
      const progress: string[] = [];
      const code = await runValidation({ root: repo.root, stdout: 'json', sinks: out.sinks, progress: (message) => progress.push(message) });
      return { code, stdout: out.stdout(), replayed: progress.some((message) => message.includes('replayed from the cache')) };
    };
    const first = await run();
    const second = await run();
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
  });

  it('resolves report files from cwd, and returns 2 with one line when one cannot be written', async () => {
    await repo.write('blocker', 'a file where a folder should be\n');
    const out = capture();
    const code = await runValidation({
      root: repo.root,
      cwd: path.join(repo.root, '.sdd'),
      stdout: null,
      outputs: [{ file: '../blocker/r.json', format: 'json' }, { file: 'r.md', format: 'markdown' }],
      sinks: out.sinks,
      cache: false,
    });
    expect(code).toBe(2);
    expect(out.stderr()).toMatch(/^sdd: cannot write \.\.\/blocker\/r\.json: .+$/m);
    expect(await readFile(path.join(repo.root, '.sdd/r.md'), 'utf8')).toContain('Spec 0001');
  });

  it('throws ConfigError for a configuration that does not load, for the caller to report', async () => {
    await repo.write('.sdd/config.yaml', 'version: 1\nrules: [unclosed\n');
    await expect(runValidation({ root: repo.root, stdout: 'text', sinks: capture().sinks })).rejects.toBeInstanceOf(ConfigError);
  });
});
