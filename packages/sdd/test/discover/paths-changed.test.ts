import { describe, expect, it } from 'vitest';
import { historyOf, pathsChangedAfter, touchedIn } from '../../src/discover/git-history.js';
import { commit, factsOf } from '../support/commits.js';

// What can differ since a stored result's commit (spec 0044): the paths later commits touched,
// looked up for each path the result read, itself or as a folder.

const facts = factsOf([
  commit('c0', ['A', 'src/a.ts'], ['A', 'src-old/x.ts']),
  commit('c1', ['M', 'src/a.ts']),
  commit('c2', ['R', 'lib/b.ts', 'src/b.ts'], ['A', 'docs/x.md']),
  commit('c3', ['M', 'src-old/x.ts']),
]);

describe('pathsChangedAfter', () => {
  it('lists every path, new and old names, that a later commit touched, sorted', () => {
    const history = historyOf(facts);
    expect(pathsChangedAfter(history, 1)).toEqual(['docs/x.md', 'lib/b.ts', 'src-old/x.ts', 'src/b.ts']);
    expect(pathsChangedAfter(history, 3)).toEqual([]);
    // Worked out once per commit.
    expect(pathsChangedAfter(history, 1)).toBe(pathsChangedAfter(history, 1));
  });
});

describe('touchedIn', () => {
  const later = ['docs/x.md', 'lib/b.ts', 'src-old/x.ts', 'src/b.ts'];
  it('finds a path itself or a path under it as a folder', () => {
    expect(touchedIn(later, 'src/b.ts')).toBe(true);
    expect(touchedIn(later, 'src')).toBe(true);
    expect(touchedIn(later, 'docs')).toBe(true);
  });

  it('does not take a sibling that merely starts with the same name for a path under it', () => {
    expect(touchedIn(['src-old/x.ts'], 'src')).toBe(false);
    expect(touchedIn(later, 'src/a.ts')).toBe(false);
    expect(touchedIn(later, 'doc')).toBe(false);
    expect(touchedIn([], 'src')).toBe(false);
  });
});
