import { z } from 'zod';
import { ValidateResultSchema, type ValidateResult } from '../model/index.js';
import { orderResult } from './order.js';

/**
 * The whole result as JSON: the model's key order, every list sorted
 * (see `orderResult`), `schemaVersion` first. Documented by
 * `schemas/result.schema.json`, which `resultJsonSchema()` generates.
 */
export function renderJson(result: ValidateResult): string {
  return [...renderJsonPieces(result)].join('');
}

/**
 * The same text as `JSON.stringify(orderResult(result), null, 2) + '\n'`, in
 * pieces made as they are taken: each top-level member, and each element of
 * a top-level list (one per spec, one per finding). A large report is then
 * never one string.
 */
export function* renderJsonPieces(result: ValidateResult): Generator<string> {
  const members = Object.entries(orderResult(result)).filter(([, value]) => value !== undefined);
  if (members.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [index, [key, value]] of members.entries()) {
    const comma = index < members.length - 1 ? ',' : '';
    const head = `\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[`;
      for (const [position, item] of (value as unknown[]).entries()) {
        yield `\n    ${nested(item, 2)}${position < value.length - 1 ? ',' : ''}`;
      }
      yield `\n  ]${comma}`;
    } else {
      yield `${head}${nested(value, 1)}${comma}`;
    }
  }
  yield '\n}\n';
}

/**
 * `JSON.stringify(value, null, 2)` as it reads `depth` levels down in the
 * report: stringified inside `depth` one-element arrays, whose brackets are
 * then cut off (no second pass over the text to indent it).
 */
function nested(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Wrapping level k writes `[` and a newline before, and a newline and `]` after, each indented 2k spaces.
  let around = 0;
  for (let level = 0; level < depth; level++) around += 2 + 2 * level;
  return text.slice(around + 2 * depth, text.length - around);
}

/** The JSON Schema of the `json` format, generated from the zod model (the committed file must equal it). */
export function resultJsonSchema(): unknown {
  return z.toJSONSchema(ValidateResultSchema, { io: 'output' });
}
