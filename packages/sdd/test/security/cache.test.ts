import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentKey, packParse, type CachedParse } from '../../src/parse-pool/documents-cache.js';
import { createCacheStore } from '../../src/cache/store.js';
import type { ValidateResult } from '../../src/model/index.js';
import { parseSpec } from '../../src/parse/index.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { HONEST, RECORD, recordText, SPEC, specText } from '../support/markdown.js';

// A pull request can commit files anywhere, `git add -f` past .gitignore included. A parse-cache
// entry it forges for its own spec (the check it fails swapped for one it passes) must change nothing.
let repo: TempRepo;
beforeEach(async () => {
  repo = createRepo();
  await mkdir(path.join(repo.root, 'node_modules'), { recursive: true });
  repo.write('.gitignore', 'node_modules/\n');
  repo.commit('ignore node_modules');
  // Step 2 claims Pass, but hello.txt does not contain "hello": an honest run exits 1.
  repo.write(SPEC, specText());
  repo.write('hello.txt', 'goodbye\n');
  repo.write(RECORD, recordText(HONEST));
  repo.commit('spec 0001: greeting');
});
afterEach(() => repo.dispose());

/** Stores, under the key of the spec as committed, the parse of a spec whose step 2 looks for "goodbye". */
async function forgeEntry(cacheDir: string): Promise<void> {
  const failing = specText();
  const passing = failing.replace('text: hello }', 'text: goodbye }');
  const forged = parseSpec(SPEC, passing, { depth: 'outline' });
  await createCacheStore(path.join(repo.root, cacheDir)).set(documentKey('spec', SPEC, failing, 'outline'), packParse(SPEC, forged as CachedParse));
}

async function validate(...flags: string[]): Promise<{ code: number; result: ValidateResult }> {
  const run = await runSdd(['validate', '--format', 'json', ...flags], { cwd: repo.root });
  return { code: run.code, result: JSON.parse(run.stdout) as ValidateResult };
}

const tracked = (result: ValidateResult) => result.findings.filter((finding) => finding.ruleId === 'cache/tracked');

describe('no cache from the repository', () => {
  it('the forged entry would flip the verdict if it were read (the test forges what the attack needs)', async () => {
    await forgeEntry('node_modules/.cache/sdd');
    // Untracked: the cache is this machine's own, and is read.
    expect((await validate()).code).toBe(0);
  });

  it('a forged parse-cache entry committed with `git add -f` under node_modules/.cache/sdd changes nothing', async () => {
    expect((await validate('--no-cache')).code).toBe(1);
    await forgeEntry('node_modules/.cache/sdd');
    repo.git('add', '-f', 'node_modules/.cache/sdd');
    repo.commit('cache');
    const { code, result } = await validate();
    expect(code).toBe(1);
    expect(tracked(result)[0]?.severity).toBe('warning');
    expect(tracked(result)[0]?.message).toMatch(/^the cache folder `node_modules\/.cache\/sdd` holds files git tracks or has staged \(`node_modules\/.cache\/sdd\/v2\/[0-9a-f]{2}\/[0-9a-f]{64}.json`[,)]/);
    expect((await validate('--no-cache')).code).toBe(1);
  });

  it('a staged entry is not read either', async () => {
    await forgeEntry('node_modules/.cache/sdd');
    repo.git('add', '-f', 'node_modules/.cache/sdd');
    expect((await validate()).code).toBe(1);
  });

  it('a cache.dir pointing at a tracked folder is not used', async () => {
    repo.write('.sdd/config.yaml', 'version: 1\ncache:\n  dir: forged\n');
    await forgeEntry('forged');
    repo.commit('forged cache');
    const { code, result } = await validate();
    expect(code).toBe(1);
    expect(tracked(result).length).toBe(1);
  });

  it('a cache folder behind a tracked symbolic link is not used', async () => {
    await forgeEntry('forged');
    const { symlink, rm } = await import('node:fs/promises');
    await rm(path.join(repo.root, 'node_modules'), { recursive: true });
    await mkdir(path.join(repo.root, 'node_modules'));
    await symlink('../forged', path.join(repo.root, 'node_modules/.cache'));
    repo.write('.sdd/config.yaml', 'version: 1\ncache:\n  dir: node_modules/.cache\n');
    repo.commit('forged cache behind a link');
    expect((await validate()).code).toBe(1);
  });
});
