import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { regexError, searchRegex, type RegexBudget } from '../regex.js';
import { isObject } from './normalize.js';
import type { ReferenceIndex } from './references.js';
import { referenceMatches, referencesIn } from './references.js';

/**
 * Attribute matchers of `terraform.resource`. A plain value means `equals`;
 * an object must use matcher keys (an object value to compare is written
 * `{equals: {...}}`), so that a typo is an error, not a silent equality.
 */
const MatcherObjectSchema = z
  .object({
    equals: z.unknown().optional(),
    contains: z.unknown().optional(),
    matches: z
      .string()
      .refine((source) => regexError(source) === null, { message: 'not a valid regular expression' })
      .optional(),
    notContains: z.unknown().optional(),
    references: z.array(z.string().min(1)).optional(),
    notReferences: z.array(z.string().min(1)).optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, { message: 'a matcher needs at least one of equals, contains, matches, notContains, references, notReferences, exists' });
type MatcherObject = z.infer<typeof MatcherObjectSchema>;

export const AttributeMatcherSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  MatcherObjectSchema,
]);
export type AttributeMatcher = z.infer<typeof AttributeMatcherSchema>;

export interface MatchResult {
  ok: boolean;
  /** Why, in words a reviewer can check against the configuration. */
  detail: string;
  /** Set when the matcher could not be evaluated (a regex stopped at its time limit): the check is Not run. */
  notRun?: string;
}

/**
 * The values at a dot path (`os_disk.caching`, `ip_configuration.0.name`).
 * Nested blocks are lists of objects in hcl2json's form and objects in
 * CDKTF's; a key step looks into every element, so both read the same.
 */
export function valuesAt(body: Record<string, unknown>, attributePath: string): unknown[] {
  let current: unknown[] = [body];
  for (const segment of attributePath.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        if (/^\d+$/.test(segment)) {
          if (Number(segment) < value.length) next.push(value[Number(segment)]);
        } else {
          for (const item of value) if (isObject(item) && segment in item) next.push(item[segment]);
        }
      } else if (isObject(value) && segment in value) {
        next.push(value[segment]);
      }
    }
    current = next;
  }
  return current.filter((v) => v !== undefined && v !== null);
}

export function matchAttribute(
  body: Record<string, unknown>,
  attributePath: string,
  matcher: AttributeMatcher,
  index: ReferenceIndex,
  regexBudget?: RegexBudget,
): MatchResult[] {
  const values = valuesAt(body, attributePath);
  const shown = values.length === 0 ? 'not set' : `is ${values.map(show).join(', ')}`;
  const m: MatcherObject = isMatcherObject(matcher) ? matcher : { equals: matcher };
  const results: MatchResult[] = [];
  const present = values.length > 0;
  const need = (ok: boolean, what: string): void => void results.push({ ok, detail: `\`${attributePath}\` ${what}` });
  if (m.exists !== undefined) need(present === m.exists, m.exists ? (present ? 'is set' : 'is not set') : present ? `is set (${shown.slice(3)})` : 'is not set');
  if (m.equals !== undefined) need(values.some((v) => isDeepStrictEqual(v, m.equals)), `${shown}; expected ${show(m.equals)}`);
  if (m.contains !== undefined) need(values.some((v) => contains(v, m.contains)), `${shown}; expected it to contain ${show(m.contains)}`);
  if (m.matches !== undefined) results.push(matchRegex(values, m.matches, attributePath, shown, regexBudget));
  // Negative matchers need the attribute: "does not contain X" of an attribute that is not there proves nothing.
  if (m.notContains !== undefined) {
    const hit = values.find((v) => contains(v, m.notContains));
    need(present && hit === undefined, present ? (hit === undefined ? `does not contain ${show(m.notContains)}` : `contains ${show(m.notContains)}`) : 'is not set');
  }
  if (m.references !== undefined || m.notReferences !== undefined) {
    const refs = [...new Set(referencesIn(values, index))];
    const listed = refs.length === 0 ? 'no reference' : refs.map((r) => `\`${r}\``).join(', ');
    for (const wanted of m.references ?? []) {
      need(refs.some((r) => referenceMatches(r, wanted)), `references ${listed}; expected \`${wanted}\``);
    }
    for (const banned of m.notReferences ?? []) {
      const hits = refs.filter((r) => referenceMatches(r, banned));
      need(present && hits.length === 0, !present ? 'is not set' : hits.length === 0 ? `references ${listed}; none matches \`${banned}\`` : `references ${hits.map((r) => `\`${r}\``).join(', ')}, which match \`${banned}\``);
    }
  }
  return results;
}

function isMatcherObject(matcher: AttributeMatcher): matcher is MatcherObject {
  return isObject(matcher);
}

function contains(value: unknown, expected: unknown): boolean {
  if (typeof value === 'string' && typeof expected === 'string') return value.includes(expected);
  if (Array.isArray(value)) return value.some((item) => isDeepStrictEqual(item, expected));
  return false;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Regexes come from specs: matched with the check stage's time limit. */
function matchRegex(values: unknown[], source: string, attributePath: string, shown: string, budget?: RegexBudget): MatchResult {
  const detail = `\`${attributePath}\` ${shown}; expected a match for /${source}/`;
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const search = searchRegex(String(value), source, '', budget);
    if (!search.ok) return { ok: false, detail, notRun: search.reason };
    if (search.total > 0) return { ok: true, detail };
  }
  return { ok: false, detail };
}
