import { allRules } from '../../model/rules.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';

/** `sdd rules`: every rule id with its default severity and what it reports. */
export function rulesCommand(io: CliIO): number {
  for (const rule of allRules()) io.stdout(`${rule.id.padEnd(40)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}\n`);
  return EXIT.ok;
}
