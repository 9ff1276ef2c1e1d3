import { describe, expect, it } from 'vitest';
import { plural } from '../../src/plural.js';

// One `plural` for the checks' messages and the reports (spec 0046), by example.
describe('plural', () => {
  it('keeps the noun for one and adds the regular ending otherwise', () => {
    expect(plural(1, 'spec')).toBe('1 spec');
    expect(plural(0, 'spec')).toBe('0 specs');
    expect(plural(3, 'test file')).toBe('3 test files');
  });

  it('writes -es after s, x, ch and sh, as the checks always did', () => {
    expect(plural(2, 'match')).toBe('2 matches');
    expect(plural(2, 'box')).toBe('2 boxes');
    expect(plural(2, 'pass')).toBe('2 passes');
    expect(plural(2, 'crash')).toBe('2 crashes');
  });

  it('takes an irregular plural when given one', () => {
    expect(plural(2, 'child', 'children')).toBe('2 children');
    expect(plural(1, 'child', 'children')).toBe('1 child');
  });
});
