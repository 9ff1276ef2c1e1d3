// The parse guard's limits, measured (docs/security.md, "Budgets and guards"): each pathological
// construct at full size (refused by the guard: milliseconds) and just under its limit (parsed: how long, how much memory).
// Each case runs in its own process so that memory is its own. Usage: pnpm build && node scripts/bench/guard-limits.mjs
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const parse = path.join(repo, 'packages/sdd/dist/parse/index.js');
const head = '# T\n\n## Validation steps\n\n';
const table = (columns, rows, cell = ' a |') => `# T\n\n## Validation Results\n\n|${cell.repeat(columns)}\n|${'---|'.repeat(columns)}\n${`|${cell.repeat(columns)}\n`.repeat(rows)}`;

const CASES = {
  'one-line nested list, 20 KB': `() => head + '- '.repeat(10_000) + 'x\\n'`,
  'nested 32 deep on 190 lines (under)': `() => head + Array.from({ length: 190 }, () => '- '.repeat(32) + 'x').join('\\n') + '\\n'`,
  '[a]( x 20,000 (80 KB)': `() => head + '1. ' + '[a]('.repeat(20_000) + '\\n'`,
  '[a]( x 7,000 in one paragraph (under)': `() => head + '1. ' + '[a]('.repeat(7_000) + '\\n'`,
  '[a]( x 1,000 in 48 paragraphs (under)': `() => head + Array.from({ length: 48 }, () => '[a]('.repeat(1000)).join('\\n\\n') + '\\n'`,
  'table 40 x 10,000 (1.6 MB)': `() => table(40, 10_000)`,
  'table 40 x 240 (under)': `() => table(40, 240)`,
};

for (const [name, make] of Object.entries(CASES)) {
  const program = `
    const { parseSpec } = await import(${JSON.stringify(parse)});
    const head = ${JSON.stringify(head)};
    const table = ${table.toString()};
    const text = (${make})();
    const started = performance.now();
    const result = parseSpec('.sdd/specification/spec-0001-x.md', text);
    const ms = performance.now() - started;
    const rule = result.findings.find((f) => f.ruleId === 'parse/too-complex');
    console.log(JSON.stringify({ chars: text.length, ms: Math.round(ms), rssMB: Math.round(process.memoryUsage().rss / 1e6), guarded: rule ? rule.location.line : null }));`;
  let line;
  try {
    line = execFileSync(process.execPath, ['--max-old-space-size=2048', '--input-type=module', '-e', program], { encoding: 'utf8', timeout: 120_000 }).trim();
  } catch (error) {
    line = `did not finish: ${String(error.message).split('\n')[0]}`;
  }
  console.log(`${name.padEnd(42)} ${line}`);
}
