import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirFiles } from '../../../src/check/kinds/dir-files.js';
import { fileAbsent } from '../../../src/check/kinds/file-absent.js';
import { fileContains, fileNotContains } from '../../../src/check/kinds/file-contains.js';
import { fileExists } from '../../../src/check/kinds/file-exists.js';
import { fileIdentical } from '../../../src/check/kinds/file-identical.js';
import { gitBlobId } from '../../../src/check/files.js';
import { context } from '../../support/documents.js';
import { link, tempFolder } from '../../support/repo.js';

const ROOT = fileURLToPath(new URL('../../fixtures/check/repo/', import.meta.url));
const ctx = context(ROOT);

describe('file.exists', () => {
  it('passes for a file, with its git blob id as input', async () => {
    const result = await fileExists.run({ path: 'sites/hq/Dockerfile' }, ctx);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('`sites/hq/Dockerfile` exists (file)');
    expect(result.inputs?.[0]?.path).toBe('sites/hq/Dockerfile');
    expect(result.inputs?.[0]?.blob).toMatch(/^[0-9a-f]{40}$/);
  });

  it('passes for a directory', async () => {
    expect((await fileExists.run({ path: 'k8s/app/' }, ctx)).status).toBe('pass');
  });

  it('fails for a missing file and names what the folder holds instead', async () => {
    const result = await fileExists.run({ path: 'sites/hq/next.config.ts' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.message).toContain('`next.config.mjs`');
    expect(result.inputs).toEqual([{ path: 'sites/hq/next.config.ts', blob: null }]);
  });

  it('fails without looking for a path that leaves the repository', async () => {
    for (const p of ['../../../../etc/passwd', '/etc/passwd']) {
      const result = await fileExists.run({ path: p }, ctx);
      expect(result.status).toBe('fail');
      expect(result.summary).toMatch(/^path leaves the repository/);
    }
  });
});

describe('git blob id', () => {
  it('is what `git hash-object` gives', () => {
    // echo 'hello' | git hash-object --stdin
    expect(gitBlobId(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobId(Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});

describe('file.absent', () => {
  it('passes when nothing is there', async () => {
    const result = await fileAbsent.run({ path: 'sites/hq/public/index.html' }, ctx);
    expect(result.status).toBe('pass');
  });

  it('fails when the file still exists, pointing at it', async () => {
    const result = await fileAbsent.run({ path: 'sites/hq/Dockerfile' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`sites/hq/Dockerfile` still exists (file)');
    expect(result.evidence[0]?.location).toEqual({ file: 'sites/hq/Dockerfile', line: 1 });
  });

  it('fails for a path that leaves the repository, even though nothing is there', async () => {
    const result = await fileAbsent.run({ path: '../no-such-file' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/path leaves the repository/);
  });
});

describe('file.contains', () => {
  it('passes for literal text, naming file:line of each match', async () => {
    const result = await fileContains.run({ path: 'sites/hq/Dockerfile', text: 'node:22.22.0-alpine3.23' }, ctx);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('`sites/hq/Dockerfile` contains `node:22.22.0-alpine3.23` (2 matches)');
    expect(result.evidence.map((e) => e.location?.line)).toEqual([1, 6]);
    expect(result.evidence[0]?.message).toBe('FROM node:22.22.0-alpine3.23 AS build');
  });

  it('passes for a regex with flags', async () => {
    const result = await fileContains.run({ path: 'sites/hq/Dockerfile', pattern: '^expose\\s+3000$', flags: 'mi' }, ctx);
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.location).toEqual({ file: 'sites/hq/Dockerfile', line: 8 });
  });

  it('fails when the text is absent', async () => {
    const result = await fileContains.run({ path: 'sites/hq/Dockerfile', text: 'nginx' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`sites/hq/Dockerfile` does not contain `nginx`');
  });

  it('fails when there are fewer matches than `count`', async () => {
    const result = await fileContains.run({ path: 'sites/hq/Dockerfile', text: 'FROM', count: 3 }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('2 times, fewer than 3');
  });

  it('fails for a missing file', async () => {
    const result = await fileContains.run({ path: 'sites/hq/nope.txt', text: 'x' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`sites/hq/nope.txt` does not exist');
  });

  it('rejects arguments with both or neither of text and pattern, or a bad regex', () => {
    expect(fileContains.args.safeParse({ path: 'a', text: 'x', pattern: 'y' }).success).toBe(false);
    expect(fileContains.args.safeParse({ path: 'a' }).success).toBe(false);
    expect(fileContains.args.safeParse({ path: 'a', pattern: '(' }).success).toBe(false);
    expect(fileContains.args.safeParse({ path: 'a', text: 'x', extra: 1 }).success).toBe(false);
  });

  describe('with a catastrophic regex', () => {
    let repo: ReturnType<typeof tempFolder>;
    beforeAll(async () => {
      repo = tempFolder({ 'long.txt': `${'a'.repeat(5000)}b\n` });
    });
    afterAll(() => repo.dispose());

    it('stops the match and says Not run with the reason', async () => {
      const result = await fileContains.run({ path: 'long.txt', pattern: '(a+)+$' }, context(repo.root));
      expect(result.status).toBe('not-run');
      expect(result.reason).toMatch(/took longer than \d+ ms and was stopped/);
    });
  });
});

describe('file.not-contains', () => {
  it('passes when the text is absent', async () => {
    const result = await fileNotContains.run({ path: 'sites/hq/next.config.mjs', text: "output: 'export'" }, ctx);
    expect(result.status).toBe('pass');
  });

  it('fails when the text is there, naming where', async () => {
    const result = await fileNotContains.run({ path: 'sites/hq/next.config.static.mjs', text: "output: 'export'" }, ctx);
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([{ message: "output: 'export',", location: { file: 'sites/hq/next.config.static.mjs', line: 2 } }]);
  });

  it('fails for a missing file rather than passing', async () => {
    expect((await fileNotContains.run({ path: 'sites/hq/gone.mjs', text: 'x' }, ctx)).status).toBe('fail');
  });
});

describe('file.identical', () => {
  it('passes for the same bytes', async () => {
    const result = await fileIdentical.run({ path: 'sites/hq/next.config.mjs', to: 'sites/hq/next.config.copy.mjs' }, ctx);
    expect(result.status).toBe('pass');
    expect(result.inputs?.[0]?.blob).toBe(result.inputs?.[1]?.blob);
  });

  it('fails and shows the first differing line of each', async () => {
    const result = await fileIdentical.run({ path: 'sites/hq/next.config.mjs', to: 'sites/hq/next.config.static.mjs' }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('differ from line 2');
    expect(result.evidence.map((e) => e.message)).toEqual([
      '`sites/hq/next.config.mjs`:   reactStrictMode: true,',
      "`sites/hq/next.config.static.mjs`:   output: 'export',",
    ]);
  });
});

describe('dir.files', () => {
  it('passes with exactly the listed names', async () => {
    const result = await dirFiles.run({ path: 'infra/modules/keyvault', count: 4, exactly: ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'] }, ctx);
    expect(result.status).toBe('pass');
  });

  it('fails naming the missing and the extra files', async () => {
    const result = await dirFiles.run({ path: 'infra/modules/keyvault', exactly: ['main.tf', 'variables.tf', 'outputs.tf', 'README.md'] }, ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`infra/modules/keyvault/` lacks `README.md`; also holds `versions.tf`');
  });

  it('fails on a wrong count, and counts subfolders only when recursive', async () => {
    expect((await dirFiles.run({ path: 'k8s', count: 3 }, ctx)).status).toBe('fail');
    expect((await dirFiles.run({ path: 'k8s', count: 3, recursive: true }, ctx)).status).toBe('pass');
  });

  it('fails when the directory does not exist', async () => {
    expect((await dirFiles.run({ path: 'infra/modules/nope', count: 0 }, ctx)).summary).toBe('`infra/modules/nope` does not exist');
  });
});

describe('symlinks that point outside the repository', () => {
  let repo: ReturnType<typeof tempFolder>;
  beforeAll(async () => {
    repo = tempFolder({ 'inside.txt': 'secret-free\n' });
    link(repo.root, 'escape/passwd', '/etc/passwd');
    link(repo.root, 'outdir', '/etc');
  });
  afterAll(() => repo.dispose());

  it('are rejected, never read', async () => {
    const c = context(repo.root);
    for (const result of [
      await fileContains.run({ path: 'escape/passwd', text: 'root' }, c),
      await fileExists.run({ path: 'outdir/hostname' }, c),
      await dirFiles.run({ path: 'outdir', count: 1 }, c),
    ]) {
      expect(result.status).toBe('fail');
      expect(result.summary).toMatch(/path leaves the repository/);
      expect(result.inputs ?? []).toEqual([]);
    }
  });
});
