/**
 * The small query language of `data.path`: dot paths with indexes and
 * wildcards, `spec.template.spec.containers[*].ports[0].containerPort`,
 * `on.*.paths`, `dependencies["@auth0/nextjs-auth0"]`.
 */
export type Segment = { type: 'key'; key: string } | { type: 'index'; index: number } | { type: 'any' };

type ParsedQuery = { ok: true; segments: Segment[] } | { ok: false; error: string };

export function parseQuery(query: string): ParsedQuery {
  const segments: Segment[] = [];
  let rest = query.trim();
  if (rest === '') return { ok: false, error: 'empty query' };
  let first = true;
  while (rest !== '') {
    let match: RegExpExecArray | null;
    if ((match = /^\[(\d+)\]/.exec(rest))) segments.push({ type: 'index', index: Number(match[1]) });
    else if ((match = /^\[\*\]/.exec(rest))) segments.push({ type: 'any' });
    else if ((match = /^\[(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\]/.exec(rest))) segments.push({ type: 'key', key: match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '') });
    else if ((match = first ? /^(\*|[^.[\]]+)/.exec(rest) : /^\.(\*|[^.[\]]+)/.exec(rest))) {
      segments.push(match[1] === '*' ? { type: 'any' } : { type: 'key', key: match[1] ?? '' });
    } else {
      return { ok: false, error: `cannot read the query at \`${rest}\` (use a.b, a[0], a[*], a.*, a["key.with.dots"])` };
    }
    rest = rest.slice(match[0].length);
    first = false;
  }
  return { ok: true, segments };
}

export function formatSegments(segments: readonly Segment[]): string {
  return segments
    .map((segment, i) => {
      if (segment.type === 'index') return `[${segment.index}]`;
      if (segment.type === 'any') return i === 0 ? '*' : '.*';
      return /^[\w-]+$/.test(segment.key) ? `${i === 0 ? '' : '.'}${segment.key}` : `[${JSON.stringify(segment.key)}]`;
    })
    .join('');
}
