import type { ValidateResult } from '../model/index.js';
import { renderAnnotations } from './annotations.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonPieces } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_FORMATS, type RenderOptions, type ReportFormat } from './options.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

/**
 * The report stage: pure functions from one `ValidateResult` to a string,
 * one module per format. None analyses anything again.
 */

export type { RenderOptions, ReportFormat } from './options.js';
export { formatOfFile, REPORT_FORMATS } from './options.js';
export { shouldUseColor } from './color.js';
export { resultJsonSchema } from './json.js';
export { GITHUB_COMMENT_LIMIT } from './markdown.js';

const RENDERERS: Record<ReportFormat, (result: ValidateResult, options: RenderOptions) => string> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  junit: renderJunit,
  sarif: renderSarif,
  annotations: renderAnnotations,
};

/** Throws on a format it does not know (a CLI should check the user's word against `REPORT_FORMATS` first). */
export function render(result: ValidateResult, format: ReportFormat, options: RenderOptions = {}): string {
  const renderer = Object.hasOwn(RENDERERS, format) ? RENDERERS[format] : undefined;
  if (!renderer) throw new Error(`unknown report format "${String(format)}"; one of: ${REPORT_FORMATS.join(', ')}`);
  return renderer(result, options);
}

/** As `render`, in pieces made as they are taken, that join to the same text: the JSON report comes one spec at a time. */
export function renderPieces(result: ValidateResult, format: ReportFormat, options: RenderOptions = {}): Iterable<string> {
  return format === 'json' ? renderJsonPieces(result) : [render(result, format, options)];
}
