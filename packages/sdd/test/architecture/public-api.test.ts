import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

// The package root exports exactly what docs/library.md documents: a new export is documented, a removed one leaves the page.

const page = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/library.md'), 'utf8');

/** The names in the first column of the page's tables. */
function documentedNames(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
}

describe('the public API', () => {
  const exported = Object.keys(api).sort();
  const documented = documentedNames(page);

  it('documents every runtime export of src/index.ts, and nothing that is not exported', () => {
    const schemas = exported.filter((name) => name.endsWith('Schema'));
    const others = exported.filter((name) => !name.endsWith('Schema'));
    expect(documented).toContain('*Schema');
    expect([...documented].filter((name) => name !== '*Schema').sort()).toEqual(others);
    expect(schemas.length).toBeGreaterThan(10);
  });

  it('exports the pipeline entry points as functions', () => {
    for (const name of ['validate', 'render', 'parseSpec', 'parseProvenance', 'runChecks', 'compare', 'discover']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
