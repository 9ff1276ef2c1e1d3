import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, NOT_ALLOWED } from '../../../src/check/kinds/command.js';
import { createRunMemo, createSlots } from '../../../src/check/types.js';
import { config, context } from '../../support/documents.js';
import { tempFolder } from '../../support/repo.js';

let repo: ReturnType<typeof tempFolder>;
beforeAll(async () => {
  repo = tempFolder({ 'sub/marker.txt': 'here\n' });
});
afterAll(() => repo.dispose());

const allow = (...lines: string[]) => context(repo.root, { config: config({ allow: lines, timeoutSeconds: 30 }) });

describe('command slots', () => {
  it('never has more than `size` pieces of work in flight, and starts the waiting ones in order', async () => {
    const inSlot = createSlots(2);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((done) => (resolve = done));
      return { promise, resolve };
    });
    const runs = gates.map((gate, index) =>
      inSlot(async () => {
        started.push(index);
        most = Math.max(most, ++inFlight);
        await gate.promise;
        inFlight--;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot when the work throws', async () => {
    const inSlot = createSlots(1);
    await expect(inSlot(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await inSlot(() => Promise.resolve('next'))).toBe('next');
  });

  it('runs two command checks one after the other by default (commands.parallel: 1)', async () => {
    // Each command fails if it finds the other one's lock: only a serial run passes both.
    const run = (name: string) => `test ! -e lock && touch lock && sleep 0.2 && rm lock && echo ${name}`;
    const shared = context(repo.root, { config: config({ allow: [run('a'), run('b')], timeoutSeconds: 30 }), memo: createRunMemo(1) });
    const [a, b] = await Promise.all([command.run({ run: run('a') }, shared), command.run({ run: run('b') }, shared)]);
    expect([a.status, b.status]).toEqual(['pass', 'pass']);
  });
});

describe('command', () => {
  it('passes when an allowed command exits 0, with the output tail as evidence', async () => {
    const result = await command.run({ run: 'echo one && echo two >&2' }, allow('echo one && echo two >&2'));
    expect(result.status).toBe('pass');
    expect(result.evidence).toEqual([{ message: 'exit 0', output: 'one\ntwo' }]);
  });

  it('fails when the exit code is not the expected one', async () => {
    const result = await command.run({ run: 'exit 3' }, allow('exit 3'));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`exit 3` exited 3, expected 0');
    expect((await command.run({ run: 'exit 3', expectExit: 3 }, allow('exit 3'))).status).toBe('pass');
  });

  it('keeps only the last 40 lines of output', async () => {
    const run = 'for i in $(seq 1 100); do echo line$i; done; exit 1';
    const output = (await command.run({ run }, allow(run))).evidence[0]?.output ?? '';
    expect(output.split('\n')).toHaveLength(40);
    expect(output.split('\n')[0]).toBe('line61');
  });

  it('runs in `cwd` inside the repository', async () => {
    const inSub = context(repo.root, { config: config({ allow: ['test -f marker.txt', { run: 'test -f marker.txt', cwd: 'sub' }], timeoutSeconds: 30 }) });
    expect((await command.run({ run: 'test -f marker.txt', cwd: 'sub' }, inSub)).status).toBe('pass');
    expect((await command.run({ run: 'test -f marker.txt' }, inSub)).status).toBe('fail');
    // A plain entry allows the repository root only.
    expect((await command.run({ run: 'test -f marker.txt', cwd: 'sub' }, allow('test -f marker.txt'))).status).toBe('not-run');
  });

  it('is Not run when the command is not allowed, and never runs it', async () => {
    const result = await command.run({ run: `touch ${repo.root}/ran` }, allow('pnpm lint'));
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe(NOT_ALLOWED);
    expect(result.reason).toBe('not allowed by .sdd/config.yaml commands.allow');
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${repo.root}/ran`)).toBe(false);
  });

  it('is Not run when the executable is missing (exit 127)', async () => {
    const result = await command.run({ run: 'sdd-no-such-tool --version' }, allow('sdd-no-such-tool --version'));
    expect(result.status).toBe('not-run');
    expect(result.reason).toMatch(/command not found \(exit 127\)/);
  });

  it('fails on timeout and kills the whole process group', async () => {
    const run = 'sleep 30 & sleep 30; echo never';
    const result = await command.run({ run, timeoutSeconds: 0.3 }, allow(run));
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('timed out after 0.3 s');
    expect(result.evidence[0]?.output).toBe('(no output)');
  });

  it('fails for a cwd that leaves the repository', async () => {
    const result = await command.run({ run: 'true', cwd: '..' }, allow('true'));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/path leaves the repository/);
  });

  it('runs a command once per run when several steps ask for it', async () => {
    const run = `echo x >> ${repo.root}/count.txt`;
    const shared = allow(run);
    await Promise.all([command.run({ run }, shared), command.run({ run }, shared)]);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(`${repo.root}/count.txt`, 'utf8')).toBe('x\n');
  });
});
