import type { ResultWord, StepEvidence, StepStatus } from '../model/index.js';

/**
 * What sdd measured for one validation step, in the words a record uses:
 * `Pass`, `Fail — <evidence>`, `Not run — <reason>`. A step sdd has no check
 * for is `Not run — manual step, not verified by sdd`: never Pass.
 */

export const MANUAL_RESULT = 'Not run — manual step, not verified by sdd';
/** A step whose stated facts hold: sdd checked part of it, which is no pass. */
const PARTIAL_RESULT = 'Not run — its stated facts hold; the rest is not verified by sdd';

export interface StepFact {
  step: number;
  /** The step as the spec writes it (markdown), for new rows. */
  markdown: string;
  status: StepStatus;
  /** Why, in one line: the failing checks' summaries, or why the checks could not run. */
  note: string | null;
  /** Read as facts from part of the step's wording: only a failed fact says anything about the claim. */
  partial?: boolean;
}

// Not re-run: sdd did not check the step at the record's change; a new row says Not run, with why.
const WORD: Record<StepStatus, ResultWord> = { pass: 'Pass', fail: 'Fail', 'not-run': 'Not run', 'not-re-run': 'Not run', manual: 'Not run', consistent: 'Not run' };

export function resultWord(status: StepStatus): ResultWord {
  return WORD[status];
}

export function resultCell(fact: Pick<StepFact, 'status' | 'note'>): string {
  if (fact.status === 'manual') return MANUAL_RESULT;
  if (fact.status === 'consistent') return PARTIAL_RESULT;
  const word = WORD[fact.status];
  return fact.note && fact.status !== 'pass' ? `${word} — ${fact.note}` : word;
}

const NOTE_LIMIT = 200;

/** The evidence summary a Fail or Not run cell carries. */
export function noteOf(evidence: StepEvidence): string | null {
  const wanted = evidence.status === 'fail' || evidence.status === 'not-run' || evidence.status === 'not-re-run' ? evidence.status : null;
  if (wanted === null) return null;
  const notes = evidence.checks
    .filter((check) => check.status === wanted)
    .map((check) => (wanted === 'fail' ? check.summary : (check.reason ?? check.summary)))
    .filter((note) => note.trim() !== '');
  const unique = [...new Set(notes.map((note) => note.replace(/\s+/g, ' ').trim()))];
  if (unique.length === 0) return null;
  const text = unique.join('; ');
  return text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT - 1)}…` : text;
}
