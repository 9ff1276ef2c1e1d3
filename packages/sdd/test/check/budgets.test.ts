import { describe, expect, it } from 'vitest';
import { parseDeclarations } from '../../src/check/declarations.js';
import { dataPath } from '../../src/check/kinds/data-path.js';
import { fileContains } from '../../src/check/kinds/file-contains.js';
import { RegexBudget, searchRegex } from '../../src/check/regex.js';
import { createRunMemo } from '../../src/check/types.js';
import { defaultConfig } from '../../src/model/index.js';
import { block, context, spec, SPEC_FILE, step } from '../support/documents.js';
import { tempFolder } from '../support/repo.js';

/** Nine levels of nine aliases: 600 bytes that expand to 9^9 values. */
function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `${levels.join('\n')}\n`;
}

describe('YAML budgets', () => {
  it('a 600-byte alias bomb queried by a data.path wildcard is Not run at the node limit, not expanded to gigabytes', async () => {
    const repo = tempFolder({ 'bomb.yaml': aliasBomb() });
    try {
      const run = (query: string) => dataPath.run(dataPath.args.parse({ path: 'bomb.yaml', query, contains: 'x' }), context(repo.root));
      const wildcard = await run('i[*][*][*][*][*][*][*][*]');
      expect(wildcard.status).toBe('not-run');
      expect(wildcard.reason).toMatch(/more nodes than the limit allows \(limits\.yamlNodes/);
      // The whole value of the top alias: yaml's own alias limit stops it.
      const whole = await run('i');
      expect(whole.status).toBe('not-run');
      expect(whole.reason).toMatch(/alias/i);
    } finally {
      repo.dispose();
    }
  });

  it('the limits come from the configuration: a low limits.yamlNodes stops an ordinary wildcard', async () => {
    const repo = tempFolder({ 'list.yaml': `items: [${Array.from({ length: 50 }, (_, i) => i).join(', ')}]\n` });
    try {
      const args = dataPath.args.parse({ path: 'list.yaml', query: 'items[*]', equals: 49 });
      expect((await dataPath.run(args, context(repo.root))).status).toBe('pass');
      const low = { ...defaultConfig(), limits: { ...defaultConfig().limits, yamlNodes: 10 } };
      expect((await dataPath.run(args, context(repo.root, { config: low }))).status).toBe('not-run');
    } finally {
      repo.dispose();
    }
  });

  it('an alias typo in an sdd-checks block (`path: *a`) is a located check/declaration error, not a stack trace', () => {
    const steps = [step(1, '`a.md` exists'), step(2, '`b.md` exists')];
    const result = parseDeclarations(spec({ steps, checkBlocks: [block('1: { kind: file.exists, path: *a }\n2: { kind: file.exists, path: b.md }', 40)] }));
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'check/declaration', severity: 'error', location: { file: SPEC_FILE, line: 40 }, message: expect.stringMatching(/Unresolved alias/) }),
    ]);
    expect(result.declarations.map((d) => [d.step, d.checks.length, d.rejected.length])).toEqual([[1, 0, 1], [2, 1, 0]]);
  });

  it('an alias bomb inside an sdd-checks block is refused at its line', () => {
    const steps = [step(1, '`a.md` exists')];
    const bomb = aliasBomb().split('\n').filter(Boolean).map((line) => `# ${line}`);
    const content = [`x: &a [${'"lol",'.repeat(9)}]`, `y: &b [${'*a,'.repeat(9)}]`, `z: &c [${'*b,'.repeat(9)}]`, `1: { kind: file.exists, path: a.md, extra: [${'*c,'.repeat(9)}] }`, ...bomb].join('\n');
    const result = parseDeclarations(spec({ steps, checkBlocks: [block(content, 40)] }));
    expect(result.findings).toContainEqual(expect.objectContaining({ ruleId: 'check/declaration', location: { file: SPEC_FILE, line: 43 }, message: expect.stringMatching(/alias/i) }));
  });
});

describe('the run-wide regex budget (limits.regexSeconds)', () => {
  const catastrophic = { input: `${'a'.repeat(40)}b`, pattern: '(a+)+$' };

  it('100 regexes of a second each stop once the run has spent its budget, not after 100 s', () => {
    const budget = new RegexBudget(0.3);
    const started = performance.now();
    const results = Array.from({ length: 100 }, () => searchRegex(catastrophic.input, catastrophic.pattern, '', budget));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(results[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/rest of this run's 0.3 s for regexes/) });
    expect(results.at(-1)).toMatchObject({ ok: false, reason: expect.stringMatching(/was not run: this run's regexes already took the 0.3 s of limits.regexSeconds/) });
  });

  it('file.contains checks of one run share the budget from the configuration', async () => {
    const repo = tempFolder({ 'a.txt': catastrophic.input });
    try {
      const memo = createRunMemo(1, 0.2);
      const args = fileContains.args.parse({ path: 'a.txt', pattern: catastrophic.pattern });
      const first = await fileContains.run(args, context(repo.root, { memo }));
      const second = await fileContains.run(args, context(repo.root, { memo }));
      expect([first.status, second.status]).toEqual(['not-run', 'not-run']);
      expect(second.reason).toMatch(/already took the 0.2 s of limits.regexSeconds/);
      // An ordinary pattern in a fresh run is unaffected.
      expect((await fileContains.run(fileContains.args.parse({ path: 'a.txt', pattern: 'a+b' }), context(repo.root))).status).toBe('pass');
    } finally {
      repo.dispose();
    }
  });
});
