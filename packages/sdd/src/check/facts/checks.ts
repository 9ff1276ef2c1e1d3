import type { CheckDefinition, StatedFactNote } from '../../model/index.js';
import { commandCheck } from '../commands.js';
import type { PlacedFact } from './place.js';

/**
 * A placed fact as a check sdd runs, with the note that says which words of
 * the step it was read from and what it claims.
 */
export interface FactCheck {
  definition: CheckDefinition;
  fact: StatedFactNote;
}

interface FactCheckOptions {
  /** The step's markdown, to quote the words a fact was read from. */
  markdown: string;
  /** Names of the configured infra targets (`terraform validate` with one target checks that one). */
  infraTargets?: readonly string[];
  /** Paths the spec names: "no *other* Terraform files" leaves them out. */
  specPaths?: readonly string[];
}

export function factChecks(facts: readonly PlacedFact[], options: FactCheckOptions): FactCheck[] {
  return facts.map((fact) => {
    const note: StatedFactNote = {
      claim: claimOf(fact),
      quote: options.markdown.slice(fact.span.start, fact.span.end),
      span: { start: fact.span.start, end: fact.span.end },
    };
    const written = writtenFile(fact);
    if (fact.placed && written !== null && fact.placed.by !== 'as-written') note.placed = { written, path: fact.placed.path, by: fact.placed.by };
    return { definition: definitionOf(fact, options), fact: note };
  });
}

function writtenFile(fact: PlacedFact): string | null {
  if (fact.kind === 'unchanged-files') return null;
  if (fact.kind === 'command') return fact.cwd?.written ?? null;
  return fact.file.written;
}

function pathOf(fact: PlacedFact): string {
  return fact.placed?.path ?? '';
}

function definitionOf(fact: PlacedFact, options: FactCheckOptions): CheckDefinition {
  switch (fact.kind) {
    case 'exists':
      return { kind: 'file.exists', args: { path: pathOf(fact) } };
    case 'absent':
      return { kind: 'file.absent', args: { path: pathOf(fact) } };
    case 'unchanged':
      return { kind: 'git.unchanged', args: { paths: [pathOf(fact)] } };
    case 'unchanged-files': {
      const except = fact.files.other ? [...new Set(options.specPaths ?? [])].sort() : [];
      return { kind: 'git.unchanged', args: except.length > 0 ? { globs: fact.files.globs, except } : { globs: fact.files.globs } };
    }
    case 'mentions':
      return { kind: 'file.mentions', args: { path: pathOf(fact), names: fact.names } };
    case 'lacks':
      return { kind: 'file.not-contains', args: { path: pathOf(fact), text: fact.text } };
    case 'command':
      return commandCheck(fact.run, fact.placed ? fact.placed.path.replace(/\/+$/, '') : null, options.infraTargets ?? []);
  }
}

/** The fact in words: "`src/Greeting.tsx` mentions `formatGreeting`". */
function claimOf(fact: PlacedFact): string {
  const file = `\`${pathOf(fact)}\``;
  switch (fact.kind) {
    case 'exists':
      return `${file} exists`;
    case 'absent':
      return `${file} does not exist`;
    case 'unchanged':
      return `${file} was not changed by the record's change`;
    case 'unchanged-files':
      return `no ${fact.files.other ? 'other ' : ''}${fact.files.label} file was modified by the record's change`;
    case 'mentions':
      return fact.names.length === 1 && fact.names[0] === fact.item
        ? `${file} mentions \`${fact.item}\``
        : `${file} mentions ${fact.names.map((name) => `\`${name}\``).join(', ')} (from \`${fact.item}\`)`;
    case 'lacks':
      return `${file} does not contain \`${fact.text}\``;
    case 'command':
      return `\`${fact.run}\` passes${fact.placed ? ` in \`${fact.placed.path}\`` : ''}`;
  }
}
