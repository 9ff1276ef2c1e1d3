import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';
import { fixture } from './fixture.js';

/**
 * The HTML report in a real headless Chromium. CI installs it with
 * `apt-get install -y chromium`; without it these tests are skipped, saying why.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`html.browser.test: skipped, ${CHROMIUM} not found (apt-get update && apt-get install -y chromium)`);

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/report');

describe.skipIf(!hasChromium)('html report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let pageUrl = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-report-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, render(fixture, 'html'));
    pageUrl = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('dialog', (dialog) => {
      consoleErrors.push(`dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url());
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders with no console error, no dialog and no request', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows the spec’s <script> as text', async () => {
    await expect(page.locator('h2', { hasText: 'alert("title")' }).textContent()).resolves.toContain('<script>alert("title")</script>');
    expect(await page.locator('script').count()).toBe(1);
  });

  it('shows the summary numbers of the JSON report', async () => {
    const summary = (JSON.parse(render(fixture, 'json')) as { summary: Summary }).summary;
    const shown = Object.fromEntries(
      await page.locator('[data-summary]').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-summary'), node.textContent])),
    ) as Record<string, string>;
    expect(shown).toMatchObject({
      specs: String(summary.specs),
      'steps.pass': String(summary.steps.pass),
      'steps.fail': String(summary.steps.fail),
      'steps.notRun': String(summary.steps.notRun),
      'steps.manual': String(summary.steps.manual),
      'claims.verified': String(summary.claims.verified),
      'claims.unverifiable': String(summary.claims.unverifiable),
      'claims.contradicted': String(summary.claims.contradicted),
      'artifacts.drift': String(summary.artifacts.drift),
      'findings.error': String(summary.findings.error),
      'findings.warning': String(summary.findings.warning),
    });
  });

  it('takes a screenshot for reviewers', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-top.png') });
    await page.locator('section.spec').first().screenshot({ path: path.join(ARTIFACTS, 'html-report-spec.png') });
    expect(existsSync(path.join(ARTIFACTS, 'html-report.png'))).toBe(true);
  });

  it('filters rows by status, from the keyboard too, and shows them again', async () => {
    const passRows = page.locator('tr[data-group="step"][data-status="pass"]');
    const failRows = page.locator('tr[data-group="step"][data-status="fail"]');
    const passCount = fixture.specs.flatMap((spec) => spec.steps).filter((step) => step.actual === 'pass').length;
    await expect(page.locator('form.filters').isVisible()).resolves.toBe(true);
    expect(await passRows.count()).toBe(passCount);
    await expect(passRows.first().isVisible()).resolves.toBe(true);

    await page.getByRole('checkbox', { name: /^Pass/ }).click();
    for (const row of await passRows.all()) await expect(row.isVisible()).resolves.toBe(false);
    await expect(failRows.first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#filter-status').textContent()).resolves.toBe(`${passCount} rows hidden`);

    // Keyboard: focus the box and toggle it with Space.
    await page.getByRole('checkbox', { name: /^Pass/ }).focus();
    await page.keyboard.press('Space');
    for (const row of await passRows.all()) await expect(row.isVisible()).resolves.toBe(true);

    await page.getByRole('checkbox', { name: /^error/ }).click();
    const errorRows = page.locator('tr[data-group="finding"][data-status="error"]');
    for (const row of await errorRows.all()) await expect(row.isVisible()).resolves.toBe(false);
    await expect(page.locator('tr[data-group="finding"][data-status="warning"]').first().isVisible()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: /^error/ }).click();
  });

  it('prints without the filters', async () => {
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('table.steps').first().isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens the evidence of a step', async () => {
    const details = page.locator('tr[data-status="fail"] details').first();
    await expect(details.locator('ul').first().isVisible()).resolves.toBe(false);
    await details.locator('summary').click();
    await expect(details.locator('ul').first().isVisible()).resolves.toBe(true);
  });
});
