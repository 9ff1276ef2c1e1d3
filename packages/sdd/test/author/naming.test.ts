import { describe, expect, it } from 'vitest';
import { formatSpecNumber, nextSpecNumber, recordFileNameFor, slugify, specFileName } from '../../src/author/naming.js';
import { BUILT_IN_SPEC_TEMPLATE, fillTemplate } from '../../src/author/templates.js';

describe('slugify', () => {
  it.each([
    ['Second K3s Node + Key Vault', 'second-k3s-node-key-vault'],
    ['  Café déjà vu!  ', 'cafe-deja-vu'],
    ['HQ: Next.js / Auth0', 'hq-next-js-auth0'],
    ['日本語', ''],
  ])('%j → %j', (title, slug) => expect(slugify(title)).toBe(slug));
});

describe('nextSpecNumber', () => {
  it('is one more than the highest number among specs and records', () => {
    expect(nextSpecNumber(['spec-0002-a.md', 'template.md', 'spec-0011-b.provenance.md', 'spec-0009-c.v1.md.txt'])).toBe(12);
  });
  it('starts at 1', () => expect(nextSpecNumber(['template.md', 'README.md'])).toBe(1));
});

describe('file names', () => {
  it('pads to four digits and grows past them', () => {
    expect(formatSpecNumber(7)).toBe('0007');
    expect(specFileName(12345, 'x')).toBe('spec-12345-x.md');
  });
  it('names the record after the spec', () => {
    expect(recordFileNameFor('spec-0007-my-thing.md')).toBe('spec-0007-my-thing.provenance.md');
  });
});

describe('fillTemplate', () => {
  it('fills number, slug and title, and only whole NNNN', () => {
    const text = fillTemplate('# Spec NNNN: <Title>\n`.sdd/specification/spec-NNNN-<slug>.md`, S-NNN, ADR-NNN\n', {
      number: '0007',
      slug: 'my-thing',
      title: 'My Thing',
    });
    expect(text).toBe('# Spec 0007: My Thing\n`.sdd/specification/spec-0007-my-thing.md`, S-NNN, ADR-NNN\n');
  });
  it('keeps the front matter valid YAML for titles with quotes', () => {
    const text = fillTemplate('---\ntitle: "Spec NNNN: <Title>"\n---\n# <Title>\n', { number: '0001', slug: 'a', title: 'Say "hi" \\o/' });
    expect(text).toBe('---\ntitle: "Spec 0001: Say \\"hi\\" \\\\o/"\n---\n# Say "hi" \\o/\n');
  });
  it('leaves no placeholder in the built-in template', () => {
    const text = fillTemplate(BUILT_IN_SPEC_TEMPLATE, { number: '0003', slug: 'x', title: 'X' });
    expect(text).not.toMatch(/NNNN|<slug>|<Title>/);
    expect(text).toContain('```yaml sdd-checks\n1:\n  kind: file.exists\n  path: .sdd/specification/spec-0003-x.md');
  });
});
