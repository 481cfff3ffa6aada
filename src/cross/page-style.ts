// The page's style sheet, inlined. Narrow screens first: the grid and the
// pair tables scroll sideways inside their own box, with the row names held
// in place; a pair opened from the grid takes the whole page (`:target`), so
// the browser's back button returns to the grid, with or without script.
export const pageStyle = `
:root { color-scheme: light; --line: #c8c8c8; --soft: #f3f3f3; --ink: #161616; --dim: #555; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 76rem; padding: 0.75rem; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.35rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1.1rem 0 0.4rem; }
p, ul, dl { margin: 0.4rem 0; }
ul { padding-left: 1.2rem; }
a { color: #0645ad; }
code { font: 0.85em/1.35 ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
.meta { color: var(--dim); font-size: 0.9rem; }
details.meta summary { cursor: pointer; }
.baseline { margin: 0.3rem 0; }
.scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.4rem; vertical-align: top; }
thead th { background: var(--soft); }
.filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; padding: 0.45rem 0.6rem; margin: 0.6rem 0; background: #fafafa; border: 1px solid var(--line); border-radius: 6px; }
.filters label { display: inline-flex; gap: 0.35rem; align-items: center; }
.filters select { font: inherit; padding: 0.15rem; }
.filters #shown { color: var(--dim); font-size: 0.85rem; }
.grid th, .grid td { padding: 0; }
.grid thead th { vertical-align: bottom; }
.grid thead th span { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg); padding: 0.35rem 0.15rem; white-space: nowrap; }
.grid tbody th { position: sticky; left: 0; z-index: 1; background: #fff; text-align: right; padding: 0 0.45rem; white-space: nowrap; vertical-align: middle; }
.grid td { min-width: 3.6rem; text-align: center; vertical-align: middle; }
.grid td a, .count a { display: block; padding: 0.3rem 0.25rem; color: var(--ink); text-decoration: none; font-variant-numeric: tabular-nums; }
.grid td.empty { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f1f1f1 4px, #f1f1f1 8px); color: #999; }
.sym { font-size: 1.05rem; }
.n { display: block; font-size: 0.8rem; }
.chg { display: block; font-size: 0.75rem; font-weight: 600; }
.chg:empty { display: none; }
.count { text-align: center; min-width: 5rem; }
.count a { display: inline; padding: 0; }
.count .n { display: inline; margin-left: 0.25rem; }
.count .chg { display: inline; margin-left: 0.25rem; }
.legend { font-size: 0.85rem; color: var(--dim); }
.legend span { white-space: nowrap; margin-right: 0.7rem; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid var(--line); vertical-align: -0.1em; }
.pair { display: none; }
section { scroll-margin-top: 4rem; }
main { scroll-margin-top: 10rem; }
.pair:target { display: block; }
body:has(.pair:target) #overview { display: none; }
.back { display: inline-block; margin: 0.2rem 0 0.4rem; }
.figures li { margin: 0.15rem 0; }
.cells td { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cells td:first-child, .cells th:first-child { text-align: left; white-space: normal; min-width: 9rem; }
.cells td.script { text-align: left; }
details.group { border: 1px solid var(--line); border-left: 4px solid #c0392b; border-radius: 4px; margin: 0.45rem 0; background: #fff; }
details.group[data-changed] { border-left-color: #7d3c98; }
details.group > summary { cursor: pointer; padding: 0.4rem 0.55rem; list-style-position: outside; margin-left: 1rem; }
details.group > div { padding: 0 0.6rem 0.5rem; }
details.group dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.7rem; }
details.group dt { color: var(--dim); }
details.group dd { margin: 0; min-width: 0; }
.status { display: block; white-space: pre-wrap; background: var(--soft); padding: 0.3rem 0.45rem; border-radius: 4px; }
.runs { padding-left: 0; list-style: none; }
.runs li { margin: 0.35rem 0; }
.cmd { display: block; white-space: pre-wrap; overflow-wrap: anywhere; background: #eef3fb; border: 1px solid #d4e0f3; padding: 0.3rem 0.45rem; border-radius: 4px; user-select: all; }
.tag { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 0 0.35rem; border-radius: 3px; border: 1px solid currentColor; margin-left: 0.3rem; }
.tag.regressed { color: #922b21; }
.tag.fixed { color: #1e7b34; }
.tag.fault { color: #6c3483; }
.tag.unclassified { color: #b9770e; }
.changes li { margin: 0.2rem 0; }
details.changes > summary { cursor: pointer; list-style: none; }
details.changes > summary::-webkit-details-marker { display: none; }
details.changes > summary h3 { display: inline; }
.badge { display: inline-block; font-size: 0.9rem; font-weight: normal; padding: 0.05rem 0.45rem; border-radius: 4px; border: 1px solid var(--line); margin-left: 0.3rem; }
.badge .n, .badge .chg { display: inline; margin-left: 0.3rem; font-size: 0.85rem; }
@media (max-width: 600px) {
  body { padding: 0.45rem; font-size: 14px; }
  .grid td { min-width: 2.9rem; }
  .grid tbody th { white-space: normal; max-width: 6.5rem; padding: 0 0.3rem; line-height: 1.2; }
  .n { font-size: 0.72rem; }
  details.group dl { grid-template-columns: 1fr; }
  details.group dt { margin-top: 0.25rem; }
}
`;
