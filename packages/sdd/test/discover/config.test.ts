import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/discover/config.js';

// The configuration parser: every key it does not know is refused at its own line (spec 0042).

function refusal(text: string): { message: string; line: number | undefined } {
  try {
    parseConfig(text, '.sdd/config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return { message: error.message, line: error.line };
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('rules: in the configuration', () => {
  it('takes a severity for a rule of the registry', () => {
    const config = parseConfig('version: 1\nrules:\n  drift/unverified: error\n  spec/failing-step: off\n', '.sdd/config.yaml');
    expect(config.rules).toEqual({ 'drift/unverified': 'error', 'spec/failing-step': 'off' });
  });

  it('refuses a misspelled rule at its line and names the nearest rule', () => {
    expect(refusal('version: 1\nrules:\n  drift/overclaimed: error\n  drift/unverifed: error\n')).toEqual({
      message: 'rules: unknown rule "drift/unverifed" (did you mean "drift/unverified"?); sdd rules lists them',
      line: 4,
    });
  });

  it('refuses a rule that is nothing like any rule, without a guess', () => {
    expect(refusal('rules:\n  my-team/custom: warning\n')).toEqual({ message: 'rules: unknown rule "my-team/custom"; sdd rules lists them', line: 2 });
  });
});

describe('unknown keys elsewhere', () => {
  it('are shown at their own line, top level and nested', () => {
    expect(refusal('version: 1\nspecs: .sdd/specification\nspecz: x\n')).toEqual({ message: 'Unrecognized key: "specz"', line: 3 });
    expect(refusal('version: 1\ncommands:\n  allow: []\n  alow: [x]\n')).toEqual({ message: 'commands: Unrecognized key: "alow"', line: 4 });
  });
});
