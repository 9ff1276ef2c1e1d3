/**
 * A count with its noun: `1 spec`, `3 specs`, `2 matches`. The plural is the regular English one
 * unless `many` is given. One helper for every stage's messages and every report.
 */
export function plural(count: number, one: string, many = regularPlural(one)): string {
  return `${count} ${count === 1 ? one : many}`;
}

function regularPlural(word: string): string {
  return /(s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}
