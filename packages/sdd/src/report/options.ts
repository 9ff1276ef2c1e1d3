import path from 'node:path';
import type { RuleDefinition } from '../model/index.js';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'html' | 'junit' | 'sarif' | 'annotations';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'html', 'junit', 'sarif', 'annotations'];

export interface RenderOptions {
  /** Colours for a terminal (text format only). The CLI decides with `shouldUseColor`. */
  color?: boolean;
  /**
   * Prefix of the links the HTML report makes to repository files, e.g. `../` when
   * the report is written to `reports/` under the repository root. Default: `` (the
   * report sits at the root).
   */
  linkBase?: string;
  /** Descriptions of the rules (SARIF `tool.driver.rules`); a rule without one is described by its id. */
  rules?: readonly RuleDefinition[];
  /** Markdown only: the longest output, in characters. Default 65,000, under GitHub's 65,536-character comment limit. */
  maxLength?: number;
}

const EXTENSION_FORMATS: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.xml': 'junit',
  '.sarif': 'sarif',
  '.txt': 'text',
};

/** The report format a file name asks for by its extension (`report.sarif` → sarif); undefined when it says none. */
export function formatOfFile(file: string): ReportFormat | undefined {
  return EXTENSION_FORMATS[path.extname(file).toLowerCase()];
}
