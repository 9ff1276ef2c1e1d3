import { z } from 'zod';

/**
 * Where something stands in a file of the repository.
 * `file` is always relative to the repository root, with forward slashes,
 * so that findings read the same on every machine and link in reports.
 * Lines and columns are 1-based, as editors and SARIF count them.
 */
export const SourceLocationSchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
  endColumn: z.number().int().min(1).optional(),
});
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

/** `file:line[:column]`, the form terminals and editors turn into links. */
export function formatLocation(location: SourceLocation): string {
  const column = location.column === undefined ? '' : `:${location.column}`;
  return `${location.file}:${location.line}${column}`;
}
