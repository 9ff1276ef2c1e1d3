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
