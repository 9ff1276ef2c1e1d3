/** `12.3 s` since `started` (a `performance.now()` reading): the time a progress line gives. */
export function secondsSince(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
