import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { applySeverities } from '../../src/compare/severity.js';
import { defaultConfig, type Severity } from '../../src/model/index.js';
import { allRules, isRuleId, ruleEntry, ruleFinding, RULES, type RuleId } from '../../src/model/rules.js';

// The rule registry is the one owner of rule ids, default severities and what --strict does to them.

const here = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.resolve(here, '../../src');
const RULES_PAGE = path.resolve(here, '../../../../docs/rules.md');
const ids = Object.keys(RULES) as RuleId[];

/** The warnings about claims sdd could not hold to evidence: errors under --strict. */
const STRICT_RULES = [
  'drift/actions-vs-artifacts',
  'drift/partly-verified',
  'drift/suspect-record',
  'drift/unrecorded-change',
  'drift/unverified',
  'tasks/no-history',
  'tasks/open-subtask',
  'tasks/ticked-not-done',
];

/** Every `area/name` string literal of the source outside the registry: the rule ids the stages report or test for. */
function ruleIdsInSource(): Map<string, string[]> {
  const areas = new Set(ids.map((id) => id.split('/')[0]));
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file === path.join(SRC, 'model', 'rules.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/'([a-z]+)\/([a-z-]+)'/g)) {
      if (!areas.has(match[1] as string)) continue;
      const id = `${match[1]}/${match[2]}`;
      found.set(id, [...(found.get(id) ?? []), path.relative(SRC, file)]);
    }
  }
  return found;
}

/** The rows of docs/rules.md's "Every rule" table: id → [default, under --strict, description]. */
function documentedRules(): Map<string, [string, string, string]> {
  const page = readFileSync(RULES_PAGE, 'utf8');
  const section = page.slice(page.indexOf('\n## Every rule\n'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  const rows = new Map<string, [string, string, string]>();
  for (const match of table.matchAll(/^\| `([^`]+)` \| (\w+) \| ([^|]+) \| (.*) \|$/gm)) {
    rows.set(match[1] as string, [match[2] as string, (match[3] as string).trim(), (match[4] as string).replace(/\\\|/g, '|')]);
  }
  return rows;
}

describe('the rule registry', () => {
  it('a misspelled rule id is a type error (pnpm typecheck), and refused at run time', () => {
    // @ts-expect-error 'drift/unlisteed' is not a RuleId: if this line compiled, `pnpm typecheck` would fail here.
    expect(() => ruleFinding('drift/unlisteed', 'a message')).toThrow('sdd has no rule "drift/unlisteed"');
    // @ts-expect-error the same for a plain assignment
    const misspelled: RuleId = 'tasks/phantom-completon';
    expect(isRuleId(misspelled)).toBe(false);
    expect(isRuleId('drift/unlisted')).toBe(true);
    expectTypeOf<RuleId>().not.toEqualTypeOf<string>();
    expectTypeOf<'drift/unlisted'>().toExtend<RuleId>();
  });

  it('a finding takes its severity from the registry, and keeps the fields in the order given', () => {
    const finding = ruleFinding('drift/unverified', 'step 4 is manual', { location: { file: 'r.md', line: 3 }, spec: 's.md', data: { step: 4 } });
    expect(finding).toEqual({ ruleId: 'drift/unverified', severity: 'warning', message: 'step 4 is manual', location: { file: 'r.md', line: 3 }, spec: 's.md', data: { step: 4 } });
    expect(Object.keys(finding)).toEqual(['ruleId', 'severity', 'message', 'location', 'spec', 'data']);
    expect(ruleFinding('parse/internal', 'boom').severity).toBe('error');
    expect(ruleFinding('discover/missing-folder', 'gone').severity).toBe('info');
  });

  it('every rule id the source uses is in the registry, and every rule of the registry is reported somewhere', () => {
    const used = ruleIdsInSource();
    const unknown = [...used].filter(([id]) => !isRuleId(id)).map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(unknown).toEqual([]);
    expect(ids.filter((id) => !used.has(id))).toEqual([]);
  });

  it('docs/rules.md documents every rule, with the registry’s severity, strict severity and description', () => {
    const documented = documentedRules();
    expect([...documented.keys()]).toEqual(allRules().map((rule) => rule.id));
    for (const id of ids) {
      const rule = ruleEntry(id);
      expect(documented.get(id), id).toEqual([rule?.defaultSeverity, rule?.strict ?? '—', rule?.description]);
    }
  });

  it('allRules lists every rule once, sorted, as id, default severity and description', () => {
    const rules = allRules();
    expect(rules.map((rule) => rule.id)).toEqual([...ids].sort());
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(ids.length);
    for (const rule of rules) {
      expect(Object.keys(rule)).toEqual(['id', 'defaultSeverity', 'description']);
      expect(rule.id).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });
});

describe('--strict is applied in one place, applySeverities, as the registry says', () => {
  const severityUnder = (id: RuleId, strict: boolean, rules: Record<string, Severity | 'off'> = {}): Severity | undefined =>
    applySeverities([ruleFinding(id, 'a message')], { ...defaultConfig(), rules }, strict)[0]?.severity;

  it('marks exactly the warnings about claims sdd could not hold to evidence', () => {
    expect(ids.filter((id) => ruleEntry(id)?.strict !== undefined).sort()).toEqual(STRICT_RULES);
  });

  it.each(STRICT_RULES as RuleId[])('%s: an error under --strict, its default severity without', (id) => {
    expect(severityUnder(id, false)).toBe(ruleEntry(id)?.defaultSeverity);
    expect(severityUnder(id, true)).toBe('error');
    // A configured severity wins over strict, so a team can keep the rule a warning.
    expect(severityUnder(id, true, { [id]: 'warning' })).toBe('warning');
    expect(severityUnder(id, true, { [id]: 'off' })).toBeUndefined();
  });

  it('leaves every other rule at its default severity under --strict', () => {
    const changed = ids.filter((id) => !STRICT_RULES.includes(id) && severityUnder(id, true) !== ruleEntry(id)?.defaultSeverity);
    expect(changed).toEqual([]);
  });

  it('never lowers a finding: strict raises to at least the strict severity', () => {
    const raised = { ...ruleFinding('drift/unverified', 'already an error'), severity: 'error' as const };
    expect(applySeverities([raised], defaultConfig(), true)[0]?.severity).toBe('error');
  });
});
