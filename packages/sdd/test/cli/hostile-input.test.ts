import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepo, type TempRepo } from '../support/repo.js';
import { SPEC, specText } from '../support/markdown.js';
import { runSdd } from '../support/cli.js';

// Inputs a hostile or careless pull request brings: each ends in a located finding or a one-line error, never a stack trace.
describe('diagnostics, never stack traces', () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = createRepo();
    repo.write('hello.txt', 'hello\n');
  });
  afterEach(() => repo.dispose());

  it('an unwritable -o path is one line and exit 2; the other report files are still written', async () => {
    repo.write(SPEC, specText());
    repo.commit('spec');
    const run = await runSdd(['validate', '--no-cache', '-q', '-o', 'hello.txt/report.json', '-o', 'out/report.md'], { cwd: repo.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sdd: cannot write hello.txt/report.json: ');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(repo.root, 'out/report.md'), 'utf8')).toContain('Spec 0001');
    expect(run.stdout).toContain('Spec 0001');
  });

  it('an alias typo in an sdd-checks block is a finding at its line; the run and its reports go on', async () => {
    repo.write(SPEC, specText().replace('path: hello.txt }', 'path: *a }'));
    repo.commit('spec');
    const run = await runSdd(['validate', '--no-cache', '-q', '--format', 'json', '-o', 'r.sarif', '-o', 'r.xml'], { cwd: repo.root });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { specs: { findings: { ruleId: string; location: { file: string; line: number }; message: string }[] }[] };
    expect(result.specs[0]?.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'check/declaration', location: expect.objectContaining({ file: SPEC, line: 16 }), message: expect.stringMatching(/Unresolved alias/) }),
    );
    expect(existsSync(path.join(repo.root, 'r.sarif')) && existsSync(path.join(repo.root, 'r.xml'))).toBe(true);
  });

  it('unclosed front matter is an error at line 1, so the run fails where it used to pass', async () => {
    repo.write(SPEC, specText().replace('draft: false\n---\n', 'draft: false\n'));
    repo.commit('spec');
    const run = await runSdd(['validate', '--no-cache', '-q', '--format', 'json'], { cwd: repo.root });
    // Parse findings are the run's, not the spec's: they are about a file, whatever it turns out to be.
    const result = JSON.parse(run.stdout) as { findings: { ruleId: string; location?: { file: string; line: number } }[]; specs: { steps: unknown[] }[] };
    expect(result.findings).toContainEqual(expect.objectContaining({ ruleId: 'parse/front-matter', location: expect.objectContaining({ file: SPEC, line: 1 }) }));
    expect(result.specs[0]?.steps).toHaveLength(2);
    expect(run.code).toBe(1);
  });

  it('a too-complex document is reported at its line and the other specs are still checked', async () => {
    repo.write(SPEC, specText());
    repo.write('.sdd/specification/spec-0002-deep.md', `# Deep\n\n## Validation steps\n\n${'- '.repeat(10_000)}x\n`);
    repo.commit('specs');
    const run = await runSdd(['validate', '--no-cache', '-q', '--format', 'json'], { cwd: repo.root });
    const result = JSON.parse(run.stdout) as { findings: { ruleId: string; location?: { file: string; line: number } }[]; specs: { spec: { file: string } }[] };
    const all = JSON.stringify(result);
    expect(all).toContain('"parse/too-complex"');
    expect(all).toMatch(/"file":".sdd\/specification\/spec-0002-deep.md","line":5/);
    expect(result.specs.map((spec) => spec.spec.file)).toContain(SPEC);
  });

  it('a document folder symlinked out of the repository is not followed', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'sdd-outside-'));
    try {
      await writeFile(path.join(outside, 'spec-0009-secret.md'), specText().replace('Greeting', 'SECRET-OUTSIDE'));
      await mkdir(path.join(repo.root, '.sdd'), { recursive: true });
      await symlink(outside, path.join(repo.root, '.sdd/specification'));
      repo.commit('link');
      const run = await runSdd(['validate', '--no-cache', '-q'], { cwd: repo.root });
      expect(run.stdout).not.toContain('SECRET-OUTSIDE');
      expect(run.stdout).toContain('discover/outside-repository');
      expect(run.stdout).toContain('.sdd/specification:1');
      expect(run.code).toBe(1);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
