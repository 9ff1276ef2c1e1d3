import vm from 'node:vm';

/**
 * Matching a spec's regular expression against a file without letting it
 * hang the run: the match runs in a `node:vm` context with a time limit,
 * which V8 enforces even inside catastrophic backtracking.
 */

// Generous: the limit is wall time, and a loaded CI machine must not turn an ordinary pattern into Not run.
const REGEX_TIME_LIMIT_MS = 1000;
const MAX_REPORTED = 50;

type RegexSearch =
  | { ok: true; indices: number[]; total: number }
  | { ok: false; reason: string };

const context = vm.createContext(Object.create(null) as object);
const script = new vm.Script(`(() => {
  const re = new RegExp(source, flags.includes('g') ? flags : flags + 'g');
  const indices = [];
  let total = 0;
  let m;
  while ((m = re.exec(input)) !== null) {
    if (indices.length < limit) indices.push(m.index);
    total++;
    if (m[0] === '') re.lastIndex++;
  }
  return JSON.stringify({ indices, total });
})()`);

/** Whether `source`/`flags` make a valid JavaScript regex; the message when not. */
export function regexError(source: string, flags = ''): string | null {
  try {
    new RegExp(source, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The time all of a run's regexes may take together (`limits.regexSeconds`):
 * each match may take its own limit, but a hundred patterns of a second each
 * must not add up to minutes.
 */
export class RegexBudget {
  private leftMs: number;
  constructor(readonly seconds: number) {
    this.leftMs = seconds * 1000;
  }
  get remainingMs(): number {
    return Math.max(0, this.leftMs);
  }
  spend(ms: number): void {
    this.leftMs -= ms;
  }
}

export function searchRegex(input: string, source: string, flags = '', budget?: RegexBudget, timeLimitMs = REGEX_TIME_LIMIT_MS): RegexSearch {
  const invalid = regexError(source, flags);
  if (invalid) return { ok: false, reason: `invalid regular expression: ${invalid}` };
  if (budget && budget.remainingMs <= 0) {
    return { ok: false, reason: `regular expression /${source}/ was not run: this run's regexes already took the ${budget.seconds} s of limits.regexSeconds` };
  }
  const limitMs = budget ? Math.min(timeLimitMs, Math.ceil(budget.remainingMs)) : timeLimitMs;
  Object.assign(context, { input, source, flags, limit: MAX_REPORTED });
  const started = performance.now();
  try {
    const result = JSON.parse(script.runInContext(context, { timeout: limitMs }) as string) as { indices: number[]; total: number };
    return { ok: true, ...result };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      // Stopped at the budget's remainder: it is spent, whatever the clock says was left.
      if (budget && limitMs < timeLimitMs) budget.spend(budget.remainingMs);
      const why = limitMs < timeLimitMs ? `the rest of this run's ${budget?.seconds} s for regexes (limits.regexSeconds)` : `${timeLimitMs} ms`;
      return { ok: false, reason: `regular expression /${source}/ took longer than ${why} and was stopped` };
    }
    return { ok: false, reason: `regular expression /${source}/ failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    budget?.spend(performance.now() - started);
    Object.assign(context, { input: '' });
  }
}

/** Literal search: every index of `text` in `input`. */
export function searchText(input: string, text: string): RegexSearch {
  const indices: number[] = [];
  let total = 0;
  if (text === '') return { ok: true, indices, total };
  for (let i = input.indexOf(text); i !== -1; i = input.indexOf(text, i + text.length)) {
    if (indices.length < MAX_REPORTED) indices.push(i);
    total++;
  }
  return { ok: true, indices, total };
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
