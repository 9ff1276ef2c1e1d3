import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/check/files.js';
import { lineAt, lineOf } from '../../src/text-position.js';

// The one offset-to-line helper (vfile-location), where parse, the file checks and the Terraform
// locations each counted `\n` by hand.
describe('lineAt and lineOf', () => {
  const text = 'one\ntwo\r\nthree\rfour';

  it.each([
    [0, 1],
    [3, 1],
    [4, 2],
    [9, 3],
    [15, 4],
    [text.length, 4],
  ])('offset %i is on line %i', (offset, line) => {
    expect(lineAt(text, offset)).toBe(line);
  });

  it('counts an offset before or past the text as its first or last place', () => {
    expect(lineAt(text, -1)).toBe(1);
    expect(lineAt(text, text.length + 10)).toBe(4);
    expect(lineAt('', 0)).toBe(1);
  });

  it('gives each line without its ending, and nothing past the last', () => {
    expect([1, 2, 3, 4, 5].map((line) => lineOf(text, line))).toEqual(['one', 'two', 'three', 'four', '']);
    expect(lineText('  a long line  \nb', 1, 4)).toBe('a lo…');
  });

  // The hand-written counters saw only `\n`; a lone `\r` ends a line for remark and editors, and now here.
  it('ends a line at a lone carriage return, as remark does', () => {
    expect(lineAt('a\rb', 2)).toBe(2);
  });
});
