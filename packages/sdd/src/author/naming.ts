/**
 * The names of spec documents: `spec-NNNN-slug.md`, and the record that
 * belongs to a spec, `spec-NNNN-slug.provenance.md`.
 */

const SPEC_NUMBER = /^spec-(\d+)-/;

/** Lowercase ASCII words joined by hyphens: "Second K3s Node + Key Vault" → "second-k3s-node-key-vault". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "Café" → "Cafe"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** One more than the highest NNNN among the given file names (specs and records), 1 when there is none. */
export function nextSpecNumber(fileNames: readonly string[]): number {
  let highest = 0;
  for (const name of fileNames) {
    const match = SPEC_NUMBER.exec(name);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** At least four digits, as the convention writes them. */
export function formatSpecNumber(value: number): string {
  return String(value).padStart(4, '0');
}

export function specFileName(value: number, slug: string): string {
  return `spec-${formatSpecNumber(value)}-${slug}.md`;
}

/** `spec-0001-x.md` → `spec-0001-x.provenance.md` (any other name keeps its stem). */
export function recordFileNameFor(specFileName: string): string {
  return `${specFileName.replace(/\.md$/i, '')}.provenance.md`;
}
