/**
 * The HTML report's only CSS and script, inline: the file must open offline
 * and from an attachment. Their hashes go into the page's Content Security
 * Policy, so no other script or style, injected or not, can run.
 */

export const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa; --link: #0550ae;
  --pass-fg: #116329; --pass-bg: #dafbe1; --fail-fg: #a40e26; --fail-bg: #ffebe9; --warn-fg: #7d4e00; --warn-bg: #fff8c5;
  --info-fg: #0a3069; --info-bg: #ddf4ff; --manual-fg: #424a53; --manual-bg: #eaeef2; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:focus-visible, input:focus-visible + span, summary:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--soft); border-radius: 4px; padding: 0 .3em; overflow-wrap: anywhere; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 1; }
header.top { padding: 20px 32px 16px; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top h1 { margin: 0 0 4px; font-size: 24px; }
header.top p { margin: 0; color: var(--muted); }
.verdict { display: inline-block; font-weight: 600; border-radius: 999px; padding: 2px 12px; margin: 4px 0 8px !important; }
.verdict.fail { color: var(--fail-fg) !important; background: var(--fail-bg); } .verdict.pass { color: var(--pass-fg) !important; background: var(--pass-bg); }
main { padding: 8px 32px 32px; max-width: 1400px; }
h2 { font-size: 20px; margin: 28px 0 4px; } h3 { font-size: 16px; margin: 20px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--bg); }
.card dt { font-size: 13px; color: var(--muted); font-weight: 600; }
.card dd { margin: 0; }
.card .big { font-size: 26px; font-weight: 650; line-height: 1.2; }
.card .sub { font-size: 13px; color: var(--muted); }
.card.fail { border-left: 5px solid var(--fail-fg); } .card.pass { border-left: 5px solid var(--pass-fg); }
.card.warn { border-left: 5px solid #bf8700; } .card.neutral { border-left: 5px solid var(--line); }
nav.toc ul { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 16px; }
.filters { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; margin: 16px 0; display: flex; flex-wrap: wrap; gap: 8px 28px; align-items: center; background: var(--soft); }
.filters[hidden] { display: none; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.filters legend { float: left; font-weight: 600; margin-right: 8px; font-size: 14px; }
.filters label { cursor: pointer; font-size: 14px; display: inline-flex; align-items: center; gap: 4px; }
.filters input { width: 16px; height: 16px; margin: 0; accent-color: #0969da; }
#filter-status { font-size: 13px; color: var(--muted); margin: 0; min-width: 8em; }
section.spec { border-top: 2px solid var(--line); margin-top: 28px; }
.file { color: var(--muted); margin: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 10px 0; font-size: 14px; }
.meta dt { color: var(--muted); } .meta dd { margin: 0; }
.suspect { border-left: 4px solid #bf8700; background: var(--warn-bg); padding: 6px 12px; margin: 8px 0; border-radius: 0 6px 6px 0; }
.suspect ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-size: 13px; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
tr.problem > * { background: #fffafa; }
tr[hidden] { display: none; }
.badge { display: inline-block; border-radius: 999px; padding: 0 9px; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.s-pass { color: var(--pass-fg); background: var(--pass-bg); } .s-fail, .s-error { color: var(--fail-fg); background: var(--fail-bg); }
.s-not-run, .s-warning, .s-drift { color: var(--warn-fg); background: var(--warn-bg); } .s-manual, .s-none, .s-unknown, .s-not-re-run { color: var(--manual-fg); background: var(--manual-bg); }
.s-info, .s-consistent { color: var(--info-fg); background: var(--info-bg); } .s-match { color: var(--pass-fg); background: var(--pass-bg); }
.v-problem { color: var(--fail-fg); font-weight: 600; }
details summary { cursor: pointer; }
details ul { margin: 4px 0; padding-left: 18px; }
.muted { color: var(--muted); }
.history { color: var(--link); }
code.rule { white-space: nowrap; overflow-wrap: normal; }
table.findings th a code, table.artifacts th code { overflow-wrap: anywhere; }
footer { padding: 16px 32px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
@media print {
  body { font-size: 11px; } header.top { background: none; padding: 0 0 8px; } main, footer { padding: 0; max-width: none; }
  .filters, .skip, nav.toc { display: none !important; }
  section.spec { break-before: auto; } tr, .card { break-inside: avoid; }
  a { color: inherit; text-decoration: none; } details summary::marker { content: ""; }
}
`;

/** Shows the filters (they do nothing without a script) and hides the rows whose status is unticked. */
export const SCRIPT = `
(() => {
  const form = document.querySelector('form.filters');
  if (!form) return;
  form.hidden = false;
  const status = document.getElementById('filter-status');
  const rows = [...document.querySelectorAll('tr[data-group]')];
  const apply = () => {
    const off = new Set([...form.querySelectorAll('input[type=checkbox]')].filter((box) => !box.checked).map((box) => box.name + ':' + box.value));
    let hidden = 0;
    for (const row of rows) {
      row.hidden = off.has(row.dataset.group + ':' + row.dataset.status);
      if (row.hidden) hidden++;
    }
    status.textContent = hidden === 0 ? 'All rows shown' : hidden + (hidden === 1 ? ' row hidden' : ' rows hidden');
  };
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  // Printed evidence should be readable: open every details while printing.
  let closed = [];
  addEventListener('beforeprint', () => { closed = [...document.querySelectorAll('details:not([open])')]; closed.forEach((d) => { d.open = true; }); });
  addEventListener('afterprint', () => { closed.forEach((d) => { d.open = false; }); });
  apply();
})();
`;
