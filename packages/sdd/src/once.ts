/**
 * A value worked out on first use and kept: for lookups a run may never need (which commits the
 * records describe, read from every record's history). One helper for every stage.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
