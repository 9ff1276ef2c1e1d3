import { describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';

describe('html report', () => {
  const html = render(fixture, 'html', { linkBase: '../' });

  it('has exactly one script, its own: a document’s <script> is text', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('Second K3s node &#x3C;script>alert("title")&#x3C;/script>');
    expect(html).not.toContain('<img src=x');
  });

  it('allows no network and no other script or style', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#x27;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('is accessible: lang, landmarks, captions, header scopes', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    for (const landmark of ['<header', '<main', '<nav', '<footer']) expect(html).toContain(landmark);
    const tables = html.match(/<table/g)!.length;
    expect(html.match(/<caption>/g)).toHaveLength(tables);
    expect(html).not.toMatch(/<th>/);
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<th scope="row">');
  });

  it('links findings to file and line under the link base, encoded', () => {
    expect(html).toContain('href="../.sdd/provenance/spec-0001-second-k3s-node.provenance.md#L62"');
    expect(html).toContain('href="../.sdd/specification/spec-0002-%C3%BCn%C3%AFcode-%E5%90%8D%E5%89%8D.md#L1"');
    expect(render(fixture, 'html')).toContain('href=".sdd/provenance/spec-0001-second-k3s-node.provenance.md#L62"');
  });

  it('a path cannot become a javascript: link', () => {
    const hostile: ValidateResult = {
      ...cleanFixture,
      findings: [{ ruleId: 'x/y', severity: 'error', message: 'm', location: { file: 'javascript:alert(1)//', line: 1 } }],
    };
    const out = render(hostile, 'html');
    expect(out).toContain('href="javascript%3Aalert(1)//#L1"');
    expect(out).not.toContain('href="javascript:');
  });

  it('marks every filterable row with its group and status, all visible by default', () => {
    const rows = html.match(/<tr data-group="[a-z]+" data-status="[a-z-]+"/g)!;
    const steps = fixture.specs.flatMap((spec) => spec.steps).length;
    const artifacts = fixture.specs.flatMap((spec) => spec.artifacts).length;
    const findings = fixture.findings.length + fixture.specs.flatMap((spec) => spec.findings).length;
    expect(rows).toHaveLength(steps + artifacts + findings);
    expect(html).not.toMatch(/<tr[^>]* hidden/);
    // The filter form stays hidden without the script (it could not work).
    expect(html).toContain('<form class="filters" hidden');
  });

  it('says clean when clean', () => {
    expect(render(cleanFixture, 'html')).toContain('<p class="verdict pass">No errors, 0 warnings</p>');
    expect(html).toContain('<p class="verdict fail">6 errors, 4 warnings</p>');
  });
});
