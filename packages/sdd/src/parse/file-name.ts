import path from 'node:path';

/**
 * Number and slug from a document's file name: `spec-0001-second-k3s-node.md`,
 * `spec-0001-second-k3s-node.provenance.md`, and looser forms such as
 * `prov-0011-linear-bug-fixes.md`. Whether the
 * name follows the convention exactly is a rule's business, not the parser's.
 */
interface NameParts {
  number: number | null;
  slug: string | null;
}

const LOOSE_NAME = /^(?:spec|prov|provenance|record)[-_](\d{1,9})[-_]([a-z0-9][a-z0-9_-]*?)(?:\.[^/]*)?$/i;

export function namePartsOf(file: string): NameParts {
  const match = LOOSE_NAME.exec(path.posix.basename(file.replace(/\\/g, '/')));
  if (!match?.[1] || !match[2]) return { number: null, slug: null };
  return { number: Number(match[1]), slug: match[2] };
}

/** `spec-NNNN-slug.md`, the conventional spec file name. */
export const SPEC_FILE_NAME = /^spec-(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** `spec-NNNN-slug.provenance.md`, the conventional record file name. */
export const PROVENANCE_FILE_NAME = /^spec-(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.provenance\.md$/;
