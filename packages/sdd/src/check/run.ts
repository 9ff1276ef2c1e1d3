import type { CheckDefinition, CheckOutcome } from '../model/index.js';
import type { Registry } from './registry.js';
import type { CheckContext } from './types.js';

/**
 * Runs one check: validates its arguments, times it, and turns anything a
 * kind throws into a not-run outcome with the message, so that one broken
 * check never stops the run.
 */
export async function runCheck(definition: CheckDefinition, context: CheckContext, registry: Registry): Promise<CheckOutcome> {
  const started = performance.now();
  const base = { kind: definition.kind, args: definition.args };
  const elapsed = (): number => Math.round(performance.now() - started);
  const kind = registry.get(definition.kind);
  if (!kind) {
    const reason = `unknown check kind \`${definition.kind}\``;
    return { ...base, status: 'not-run', summary: reason, reason, evidence: [], durationMs: elapsed() };
  }
  const parsed = kind.args.safeParse(definition.args);
  if (!parsed.success) {
    const reason = `invalid arguments: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`;
    return { ...base, status: 'not-run', summary: reason, reason, evidence: [], durationMs: elapsed() };
  }
  try {
    const result = await kind.run(parsed.data, context);
    return { ...base, ...result, durationMs: elapsed() };
  } catch (error) {
    const reason = `${definition.kind} could not run: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, status: 'not-run', summary: reason, reason, evidence: [], durationMs: elapsed() };
  }
}

