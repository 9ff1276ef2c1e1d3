import { describe, expect, it } from 'vitest';
import { searchRegex, searchText } from '../../src/check/regex.js';

describe('bounded regex search', () => {
  it('finds every match with its index', () => {
    expect(searchRegex('one two one', 'o\\w+')).toEqual({ ok: true, indices: [0, 8], total: 2 });
    expect(searchRegex('A\na', '^a$', 'mi')).toEqual({ ok: true, indices: [0, 2], total: 2 });
  });

  it('survives empty matches', () => {
    expect(searchRegex('abc', 'x*')).toEqual({ ok: true, indices: [0, 1, 2, 3], total: 4 });
  });

  it('stops a catastrophic pattern at its time limit instead of hanging', () => {
    const result = searchRegex(`${'a'.repeat(40)}b`, '(a+)+$', '', undefined, 50);
    expect(result).toEqual({ ok: false, reason: 'regular expression /(a+)+$/ took longer than 50 ms and was stopped' });
  });

  it('reports an invalid pattern', () => {
    expect(searchRegex('x', '(')).toEqual({ ok: false, reason: 'invalid regular expression: Invalid regular expression: /(/: Unterminated group' });
  });
});

describe('literal search', () => {
  it('counts non-overlapping occurrences', () => {
    expect(searchText('aaaa', 'aa')).toEqual({ ok: true, indices: [0, 2], total: 2 });
    expect(searchText('abc', 'x')).toEqual({ ok: true, indices: [], total: 0 });
  });
});
