/**
 * Terminal colours. A handful of SGR codes is all the text report needs, and
 * writing them here keeps the output independent of the stream it ends up on
 * (the CLI decides once, with `shouldUseColor`).
 */

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity = (text: string) => text;

export function styles(enabled: boolean): Styles {
  if (!enabled) return { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/**
 * Colours on a terminal, unless NO_COLOR is set to something (https://no-color.org).
 * FORCE_COLOR forces them on (`0` or `false` forces them off), as most CLIs read it.
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

/** The colour of a status, for a step or a check alike: the terminal report and `sdd check` agree. */
export function statusColour(s: Styles, status: string | null): (text: string) => string {
  if (status === 'pass') return s.green;
  if (status === 'fail') return s.red;
  if (status === 'not-run') return s.yellow;
  if (status === 'consistent') return s.cyan;
  return s.dim;
}
