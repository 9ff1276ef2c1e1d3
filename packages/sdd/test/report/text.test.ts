import { describe, expect, it } from 'vitest';
import { render, shouldUseColor } from '../../src/report/index.js';
import { summaryLine } from '../../src/report/labels.js';
import { cleanFixture, fixture } from './fixture.js';

const ESC = '\u001b';

describe('text report', () => {
  it('has no escape sequence without colours, not even one from a document', () => {
    const text = render(fixture, 'text');
    expect(text).not.toContain(ESC);
    // The spec's own `\x1b[31m` is shown as a replacement character.
    expect(text).toContain('control char \uFFFD[31mred');
  });

  it('colours statuses and severities when asked', () => {
    const text = render(fixture, 'text', { color: true });
    expect(text).toContain(`${ESC}[31mFail`);
    expect(text).toContain(`${ESC}[32mPass`);
    expect(text).toContain(`${ESC}[31merror`);
  });

  it('ends with the summary line, red on errors and green when clean', () => {
    const lines = render(fixture, 'text', { color: true }).trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${ESC}[31m3 specs · 13 steps: 5 pass, 2 fail, 2 not run, 1 consistent, 3 manual · 6 errors, 4 warnings, 3 info${ESC}[39m`);
    const clean = render(cleanFixture, 'text', { color: true }).trimEnd().split('\n');
    expect(clean.at(-1)).toBe(`${ESC}[32m1 spec · 1 step: 1 pass, 0 fail, 0 not run, 0 manual · 0 errors, 0 warnings${ESC}[39m`);
  });

  it('prints findings as file:line  severity  message  rule', () => {
    expect(render(fixture, 'text')).toContain(
      '.sdd/provenance/spec-0001-second-k3s-node.provenance.md:62:3  error    Step 2 claims Pass; the check fails: pattern not found in `infra/main.tf`  claim/overclaimed',
    );
  });

  it('shows the last lines a failing check printed under its step, one per line', () => {
    const lines = render(fixture, 'text').split('\n');
    const at = lines.findIndex((line) => line.includes('pattern `--components[= ]\\S*helm-controller` not found'));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(['          │ --components=source-controller,', '          │   kustomize-controller 100%']);
    // A passing step prints no output block.
    expect(render(cleanFixture, 'text')).not.toContain('│');
  });

  it('keeps a multi-line message on one line', () => {
    const text = render(fixture, 'text');
    expect(text).toContain('The spec changed after the record: ⏎ 2 commits');
  });

  it('summarises with singular and plural words', () => {
    expect(summaryLine(cleanFixture.summary)).toBe('1 spec · 1 step: 1 pass, 0 fail, 0 not run, 0 manual · 0 errors, 0 warnings');
  });
});

describe('shouldUseColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a stream that does not say', {}, {}, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['an empty FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR over FORCE_COLOR', tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('%s', (_name, stream, env, expected) => {
    expect(shouldUseColor(stream, env)).toBe(expected);
  });
});
