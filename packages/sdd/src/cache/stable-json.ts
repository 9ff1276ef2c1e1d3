import { configure } from 'safe-stable-stringify';

/** JSON with sorted object keys: `{a, b}` and `{b, a}` are the same check (and the same cache key). */
const stringify = configure({ deterministic: true, circularValue: Error });

export function stableJson(value: unknown): string {
  return stringify(value) ?? 'null';
}
