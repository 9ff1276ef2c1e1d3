import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { z } from 'zod';
import type { CheckBlock, CheckDefinition, Finding, SourceLocation, SpecDocument } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import type { Registry } from './registry.js';
import { registry as defaultRegistry } from './registry.js';
import { closestName } from '../closest-name.js';

/**
 * The `sdd-checks` blocks of a spec (docs/checks.md): YAML keyed by step
 * number, each value one check or a list of checks. Every problem is a
 * `check/declaration` finding at the spec line that holds it.
 */

/** A check the author declared but sdd cannot run as written; it becomes a not-run outcome, so the step cannot pass. */
export interface RejectedCheck {
  definition: CheckDefinition;
  reason: string;
  location: SourceLocation;
}

export interface Declaration {
  step: number;
  checks: CheckDefinition[];
  rejected: RejectedCheck[];
  /** The step's key in the block. */
  location: SourceLocation;
}

interface DeclarationsResult {
  declarations: Declaration[];
  findings: Finding[];
}

export function parseDeclarations(spec: SpecDocument, registry: Registry = defaultRegistry): DeclarationsResult {
  const findings: Finding[] = [];
  const declarations: Declaration[] = [];
  const steps = new Set(spec.validationSteps.map((step) => step.number));
  const report = (message: string, location: SourceLocation): void => {
    findings.push(ruleFinding('check/declaration', message, { location, spec: spec.file }));
  };
  for (const block of spec.checkBlocks) {
    for (const declaration of parseBlock(spec.file, block, registry, report)) {
      if (!steps.has(declaration.step)) {
        report(`sdd-checks declares step ${declaration.step}, but the spec has no validation step ${declaration.step}`, declaration.location);
        continue;
      }
      const earlier = declarations.find((d) => d.step === declaration.step);
      if (earlier) {
        report(`step ${declaration.step} is declared twice (first at line ${earlier.location.line}); the first declaration is used`, declaration.location);
        continue;
      }
      declarations.push(declaration);
    }
  }
  return { declarations, findings };
}

/** Aliases a check may expand: a few make sense, thousands are an alias bomb. */
const MAX_ALIAS_COUNT = 100;

type Report = (message: string, location: SourceLocation) => void;

function parseBlock(file: string, block: CheckBlock, registry: Registry, report: Report): Declaration[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(block.content, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (node: { range?: readonly number[] | null } | null | undefined): SourceLocation => ({
    file,
    line: block.contentLine + lineCounter.linePos(node?.range?.[0] ?? 0).line - 1,
  });
  const atOffset = (offset: number): SourceLocation => ({ file, line: block.contentLine + lineCounter.linePos(offset).line - 1 });

  if (document.errors.length > 0) {
    for (const error of document.errors) report(`sdd-checks block is not valid YAML: ${firstLine(error.message)}`, atOffset(error.pos[0]));
    return [];
  }
  const root = document.contents;
  if (root === null) {
    report('sdd-checks block is empty: it declares no check', block.location);
    return [];
  }
  if (!isMap(root)) {
    report('sdd-checks block must map step numbers to checks (`1: {kind: file.exists, path: …}`)', at(root));
    return [];
  }
  return root.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : null;
    const step = typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : null;
    const location = at(pair.key as Node | null);
    if (step === null || !Number.isInteger(step)) {
      report(`sdd-checks key ${JSON.stringify(String(key))} is not a step number`, location);
      return [];
    }
    const values = isSeq(pair.value) ? pair.value.items : [pair.value];
    if (values.length === 0) {
      report(`step ${step} declares an empty list of checks`, location);
      return [];
    }
    const declaration: Declaration = { step, checks: [], rejected: [], location };
    for (const value of values) {
      const checked = checkOf(document, value as Node | null, registry, at);
      if ('definition' in checked && checked.error === undefined) declaration.checks.push(checked.definition);
      else {
        report(`step ${step}: ${checked.error}`, checked.location);
        declaration.rejected.push({ definition: checked.definition, reason: `invalid declaration: ${checked.error}`, location: checked.location });
      }
    }
    return [declaration];
  });
}

function checkOf(
  document: Document,
  node: Node | null,
  registry: Registry,
  at: (node: { range?: readonly number[] | null } | null | undefined) => SourceLocation,
): { definition: CheckDefinition; location: SourceLocation; error?: string } {
  const location = at(node);
  if (!isMap(node)) return { definition: { kind: '', args: {} }, location, error: 'a check must be a mapping with `kind` and its arguments' };
  let value: Record<string, unknown>;
  try {
    value = node.toJS(document, { maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (error) {
    // An alias to no anchor (`path: *a`, a typo for a value) or one that expands too far.
    const reason = firstLine(error instanceof Error ? error.message : String(error));
    return { definition: { kind: '', args: {} }, location, error: `the check cannot be read as YAML: ${reason}` };
  }
  const { kind, ...args } = value;
  const definition = { kind: typeof kind === 'string' ? kind : '', args };
  if (typeof kind !== 'string') return { definition, location, error: 'a check needs `kind`' };
  const checkKind = registry.get(kind);
  if (!checkKind) {
    const suggestion = closestName(kind, [...registry.keys()]);
    return { definition, location: at(pairOf(node, 'kind')?.value as Node | undefined) , error: `unknown check kind \`${kind}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}` };
  }
  const parsed = checkKind.args.safeParse(args);
  if (parsed.success) return { definition: { kind, args: parsed.data as Record<string, unknown> }, location };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const pair = typeof field === 'string' ? pairOf(node, field) : undefined;
  const unknownKey = issue?.code === 'unrecognized_keys' ? pairOf(node, issue.keys[0] ?? '') : undefined;
  return {
    definition,
    location: at((unknownKey ?? pair)?.key as Node | undefined ?? node),
    error: `\`${kind}\`: ${parsed.error.issues.map(formatIssue).join('; ')}`,
  };
}

function pairOf(node: { items: Pair[] }, key: string): Pair | undefined {
  return node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

// ---------------------------------------------------------------- JSON Schema

/**
 * The JSON Schema of an `sdd-checks` block, from the same zod schemas that
 * validate it, for editors and agents that write specs. A test compares it
 * with `schemas/checks.schema.json`, so the committed file never goes stale.
 */
export function checksJsonSchema(registry: Registry = defaultRegistry): Record<string, unknown> {
  const checks = [...registry.values()].map((kind) => {
    const args = z.toJSONSchema(kind.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const properties = (args.properties ?? {}) as Record<string, unknown>;
    const required = (args.required ?? []) as string[];
    const { $schema: _schema, properties: _p, required: _r, type: _t, additionalProperties: _a, ...rest } = args;
    return {
      ...rest,
      type: 'object',
      title: kind.kind,
      description: kind.description,
      properties: { kind: { const: kind.kind }, ...properties },
      required: ['kind', ...required],
      additionalProperties: false,
    };
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sdd.dev/schemas/checks.schema.json',
    title: 'sdd-checks block',
    description: 'The checks of a spec\'s validation steps, keyed by step number (docs/checks.md).',
    type: 'object',
    propertyNames: { pattern: '^[0-9]+$' },
    additionalProperties: {
      anyOf: [{ $ref: '#/$defs/check' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/check' } }],
    },
    $defs: { check: { anyOf: checks } },
  };
}
