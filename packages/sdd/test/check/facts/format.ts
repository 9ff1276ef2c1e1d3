import type { StatedFact } from '../../../src/check/facts/index.js';
import { extractFacts } from '../../../src/check/facts/index.js';

/** A fact in one line, for tables of expected facts: `mentions a.ts formatGreeting`, `command pnpm build @ web/`. */
export function factLine(fact: StatedFact): string {
  switch (fact.kind) {
    case 'mentions':
      return `mentions ${fact.file.written} ${fact.names.join(' + ')}`;
    case 'lacks':
      return `lacks ${fact.file.written} ${fact.text}`;
    case 'command':
      return `command ${fact.run}${fact.cwd ? ` @ ${fact.cwd.written}` : ''}`;
    case 'unchanged-files':
      return `unchanged-files ${fact.files.other ? 'other ' : ''}${fact.files.globs.join(' ')}`;
    default:
      return `${fact.kind} ${fact.file.written}`;
  }
}

export function factsOf(markdown: string): string[] {
  return extractFacts(markdown).map(factLine);
}
