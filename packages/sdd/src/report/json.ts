import { z } from 'zod';
import { ValidateResultSchema, type ValidateResult } from '../model/index.js';
import { orderResult } from './order.js';

/**
 * The whole result as JSON: the model's key order, every list sorted
 * (see `orderResult`), `schemaVersion` first. Documented by
 * `schemas/result.schema.json`, which `resultJsonSchema()` generates.
 */
export function renderJson(result: ValidateResult): string {
  return JSON.stringify(orderResult(result), null, 2) + '\n';
}

/** The JSON Schema of the `json` format, generated from the zod model (the committed file must equal it). */
export function resultJsonSchema(): unknown {
  return z.toJSONSchema(ValidateResultSchema, { io: 'output' });
}
