/**
 * A heading title reduced to what identifies it: lower case, no leading
 * numbering ("3. ", "Step 2:"), no parenthetical, no trailing colon, hyphens
 * as spaces. "Post-merge Manual Steps (human)" → "post merge manual steps".
 */
export function normalizeTitle(title: string): string {
  let normal = normalized.get(title);
  if (normal === undefined) {
    // Every rule asks of every heading: a document's few titles are normalised once.
    if (normalized.size >= 4096) normalized.clear();
    normal = normalizeUncached(title);
    normalized.set(title, normal);
  }
  return normal;
}

const normalized = new Map<string, string>();

function normalizeUncached(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:\d+(?:\.\d+)*[.):]?|[ivx]+[.)])\s+/, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[‐‑–—-]/g, ' ')
    .replace(/[:.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
