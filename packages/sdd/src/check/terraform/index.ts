import type { AnyCheckKind } from '../types.js';
import { outputKind, variableKind } from './declarations-kind.js';
import { fmtKind } from './fmt-kind.js';
import { noCyclesKind } from './no-cycles-kind.js';
import { referencesKind } from './references-kind.js';
import { resourceKind } from './resource-kind.js';
import { validateKind } from './validate-kind.js';

/** The `terraform.*` check kinds (docs/checks.md, "Terraform"). */
export const terraformKinds: AnyCheckKind[] = [
  resourceKind,
  outputKind,
  variableKind,
  referencesKind,
  noCyclesKind,
  fmtKind,
  validateKind,
];
