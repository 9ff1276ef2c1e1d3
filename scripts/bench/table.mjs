// Renders the measurements as the markdown the bench prints and keeps.

const fmt = (value, digits) => (value === null || value === undefined ? 'n/a' : value.toFixed(digits));

function ratio(rows, a, b) {
  const top = rows.find((row) => row.name === a)?.wallSeconds;
  const bottom = rows.find((row) => row.name === b)?.wallSeconds;
  return top && bottom ? `${(top / bottom).toFixed(2)}×` : 'n/a';
}

export function renderResults({ rows, manifest, repo, runs, memory, machine, runSlots }) {
  const lines = [
    '# sdd benchmark',
    '',
    `- Repository: ${manifest.pairs} spec/provenance pairs, ${manifest.commits} commits, ${manifest.drift.length} drifting records (\`${repo}\`)`,
    `- Machine: ${machine}`,
    `- Runs per measure: ${runs} (wall time is the median; memory the highest)`,
    `- Wall time: the parent's monotonic clock around the child process, whose stdout goes to a file. Peak memory: ${memory ?? 'not measured (install GNU time: `apt-get install -y time`)'}`,
    '- The machine may be shared: timings are noisy; compare ratios from the same run.',
    '',
    '| Measure | Wall (s) | Peak RSS (MB) | Exit | Note |',
    '|---|---:|---:|---:|---|',
    ...rows.map(
      (row) => `| ${row.name} | ${fmt(row.wallSeconds, 2)} | ${fmt(row.rssMB, 0)} | ${row.exitCode ?? 'n/a'} | ${row.note.replaceAll('|', '\\|')} |`,
    ),
    '',
    `- sdd validate cold / markdownlint-cli2: **${ratio(rows, 'sdd validate (cold)', 'markdownlint-cli2')}** (target ≤ 0.60×)`,
    `- sdd validate warm / cold: **${ratio(rows, 'sdd validate (warm)', 'sdd validate (cold)')}**`,
    `- discover + cached parse, cold / markdownlint-cli2: ${ratio(rows, 'sdd discover + parseDocumentsCached (cold)', 'markdownlint-cli2')}; warm / cold: ${ratio(rows, 'sdd discover + parseDocumentsCached (warm)', 'sdd discover + parseDocumentsCached (cold)')}`,
    `- remark parse / raw read: ${ratio(rows, 'remark parse (unified + remark-parse + remark-gfm)', 'read all documents')}; as sdd configures it / with all of remark-gfm: ${ratio(rows, 'remark parse as sdd configures it (GFM tables, task lists, strikethrough)', 'remark parse (unified + remark-parse + remark-gfm)')}`,
    `- whole-run cache: ${runSlots ?? 0} slot(s) stored in the bench repository (a warm run with nothing changed replays its slot)`,
    `- sdd validate warm: **${rows.find((row) => row.name === 'sdd validate (warm)')?.wallSeconds?.toFixed(2) ?? 'n/a'} s** (target ≤ 1 s); peak memory cold: **${rows.find((row) => row.name === 'sdd validate (cold)')?.rssMB?.toFixed(0) ?? 'n/a'} MB** (target < 500 MB)`,
    '',
  ];
  return lines.join('\n');
}
