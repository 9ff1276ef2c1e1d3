import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRepoPath } from '../../src/repo-path.js';
import { link, tempFolder } from '../support/repo.js';

let repo: ReturnType<typeof tempFolder>;
beforeAll(async () => {
  repo = tempFolder({ 'a/b.txt': 'x', 'inner/target.txt': 'y' });
  link(repo.root, 'up', '..');
  link(repo.root, 'a/ok', '../inner');
});
afterAll(() => repo.dispose());

describe('resolveRepoPath', () => {
  it('accepts repository-relative paths, existing or not, and normalises them', () => {
    expect(resolveRepoPath(repo.root, 'a/b.txt')).toMatchObject({ ok: true, rel: 'a/b.txt' });
    expect(resolveRepoPath(repo.root, './a/../a/new.txt')).toMatchObject({ ok: true, rel: 'a/new.txt' });
    expect(resolveRepoPath(repo.root, '.')).toMatchObject({ ok: true, rel: '.' });
    expect(resolveRepoPath(repo.root, 'a/ok/target.txt')).toMatchObject({ ok: true, rel: 'a/ok/target.txt' });
  });

  it.each(['..', '../x', 'a/../../x', '/etc/passwd', '~/x', 'C:\\Windows', 'up/anything', 'up'])('rejects %s', (p) => {
    const result = resolveRepoPath(repo.root, p);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^path leaves the repository/);
  });

  it('rejects an empty path', () => {
    expect(resolveRepoPath(repo.root, ' ')).toEqual({ ok: false, reason: 'empty path' });
  });
});
