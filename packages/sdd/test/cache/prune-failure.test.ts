import { existsSync } from 'node:fs';
import type * as FsModule from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CACHE_FORMAT_VERSION, cacheKey } from '../../src/cache/key.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { RECORD, recordText, SPEC } from '../support/markdown.js';

// A cache that cannot be pruned costs disk space, never a run (spec 0040):
// with every removal failing, a run with old slots and stale entries to prune
// still exits as it would, prints the same report, and is stored and replayed.

const failing = vi.hoisted(() => ({ on: false, tried: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  // Renaming a slot away, removing it, and removing a store entry all fail.
  const refuse =
    (name: 'renameSync' | 'rmSync') =>
    (...args: unknown[]): unknown => {
      const target = String(name === 'renameSync' ? args[1] : args[0]);
      const refused = target.endsWith('.gone') || (name === 'rmSync' && /[0-9a-f]{64}\.json$/.test(target));
      if (failing.on && refused) {
        failing.tried += 1;
        throw Object.assign(new Error(`EPERM: operation not permitted, ${name} '${target}'`), { code: 'EPERM' });
      }
      return (fs[name] as (...rest: unknown[]) => unknown)(...args);
    };
  const mocked = { ...fs, renameSync: refuse('renameSync'), rmSync: refuse('rmSync') };
  return { ...mocked, default: mocked };
});

let repo: TempRepo;
beforeEach(() => {
  repo = createRepo();
});
afterEach(() => {
  failing.on = false;
  repo.dispose();
});

const validate = (...flags: string[]) => runSdd(['validate', '--format', 'json', ...flags], { cwd: repo.root, isTTY: true });

describe('a cache that cannot be pruned', () => {
  it('does not fail the run: same output and exit code, the run is still stored and replayed', async () => {
    repo.write('.gitignore', 'node_modules/\n');
    repo.write('node_modules/.keep', '');
    repo.write(SPEC, '---\ntitle: "Spec 0001: Notes"\ndraft: false\n---\n\n## Validation steps\n\n1. The notes exist\n');
    repo.write(RECORD, recordText({ artifacts: [['.gitignore', 'Created'], [SPEC, 'Created'], [RECORD, 'Created']], results: [['1', 'The notes exist', 'Pass']] }));
    repo.commit('spec 0001: notes');
    const expected = await validate('--no-cache');

    const cache = path.join(repo.root, 'node_modules/.cache/sdd');
    const long = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
    const slots = Array.from({ length: 10 }, (_, n) => path.join(cache, 'runs', `${String(n).padStart(2, '0')}${'b'.repeat(30)}`));
    for (const slot of slots) {
      await mkdir(slot, { recursive: true });
      await writeFile(path.join(slot, 'meta.json'), '{}');
      await utimes(path.join(slot, 'meta.json'), long, long);
      await utimes(slot, long, long);
    }
    const key = cacheKey('stale', 'entry');
    const stale = path.join(cache, `v${CACHE_FORMAT_VERSION}`, key.slice(0, 2), `${key}.json`);
    await mkdir(path.dirname(stale), { recursive: true });
    await writeFile(stale, '{}');
    await utimes(stale, long, long);

    failing.on = true;
    const run = await validate();
    expect(failing.tried).toBeGreaterThan(0);
    expect(run.code).toBe(expected.code);
    expect(run.stdout.replace(/"durationMs": \d+/g, '')).toBe(expected.stdout.replace(/"durationMs": \d+/g, ''));
    // Nothing could be removed: the old slots and the stale entry are still there.
    expect(slots.every((slot) => existsSync(slot))).toBe(true);
    expect(existsSync(stale)).toBe(true);
    expect(await readdir(path.join(cache, 'runs'))).toHaveLength(slots.length + 1);
    const replay = await validate();
    expect(replay.stderr).toContain('its output is replayed from the cache');
    expect(replay.stdout).toBe(run.stdout);
  });
});
