import { z } from 'zod';
import { checksJsonSchema } from '../../check/declarations.js';
import {
  ProvenanceDocumentSchema,
  SddConfigSchema,
  SpecDocumentSchema,
  ValidateResultSchema,
} from '../../model/index.js';
import type { CliIO } from '../io.js';
import { EXIT } from '../exit.js';

/** JSON Schemas of what sdd reads and writes, for agents and editors that validate what they write. */
const SCHEMAS: Record<string, () => unknown> = {
  provenance: () => z.toJSONSchema(ProvenanceDocumentSchema, { io: 'output' }),
  spec: () => z.toJSONSchema(SpecDocumentSchema, { io: 'output' }),
  result: () => z.toJSONSchema(ValidateResultSchema, { io: 'output' }),
  config: () => z.toJSONSchema(SddConfigSchema, { io: 'input' }),
  checks: () => checksJsonSchema(),
};

export function schemaCommand(name: string, io: CliIO): number {
  const make = SCHEMAS[name];
  if (!make) {
    io.stderr(`sdd: unknown schema "${name}"; one of: ${Object.keys(SCHEMAS).join(', ')}\n`);
    return EXIT.usage;
  }
  io.stdout(JSON.stringify(make(), null, 2) + '\n');
  return EXIT.ok;
}
