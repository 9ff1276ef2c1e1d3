import { CHECK_RULES } from './check/declarations.js';
import { DOCUMENT_RULES } from './compare/document-rules.js';
import { DRIFT_RULES } from './compare/drift-rules.js';
import { TASK_RULES } from './compare/tasks.js';
import type { RuleDefinition } from './model/index.js';
import { PARSE_RULES } from './parse/rules.js';
import { TASK_LIST_RULES } from './parse/task-list.js';
import { PARSE_POOL_RULES } from './parse-pool/index.js';

/** Rules the pipeline itself reports (discovery, the run as a whole). */
const PIPELINE_RULES: RuleDefinition[] = [
  { id: 'discover/no-git', defaultSeverity: 'warning', description: 'the root is not a git repository (or git is missing): artifacts cannot be compared with history' },
  { id: 'discover/outside-repository', defaultSeverity: 'error', description: 'the configured specs or provenance folder is a symlink out of the repository; its documents are not read' },
  { id: 'discover/missing-folder', defaultSeverity: 'info', description: 'the configured specs or provenance folder does not exist' },
  { id: 'config/changed', defaultSeverity: 'warning', description: 'with --base, the working tree\'s .sdd/config.yaml differs from the base\'s: the run obeys the base\'s configuration, and lists each changed key' },
  { id: 'cache/tracked', defaultSeverity: 'warning', description: 'the cache folder holds files git tracks or has staged: the cache is not used (a committed entry could forge a result)' },
  { id: 'validate/no-specs', defaultSeverity: 'error', description: 'no spec was found: nothing was verified (set expect.noSpecs when that is intended)' },
];

/** Every rule sdd can report, for `sdd rules`, SARIF rule descriptions and configuration docs. */
export function allRules(): RuleDefinition[] {
  const seen = new Map<string, RuleDefinition>();
  for (const rule of [...PIPELINE_RULES, ...PARSE_RULES, ...PARSE_POOL_RULES, ...DOCUMENT_RULES, ...CHECK_RULES, ...DRIFT_RULES, ...TASK_LIST_RULES, ...TASK_RULES]) {
    if (!seen.has(rule.id)) seen.set(rule.id, rule);
  }
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
