// The cross-stack page: one self-contained HTML file made from a matrix
// summary (src/cross/summary.ts). A first cut: the stacks × stacks grid of
// pass counts only; the full page (filters, pairs, failures, regressions)
// replaces it.
import type { MatrixSummary } from "./summary.js";

export interface PageOptions {
  /** An earlier run's summary: what regressed and what was fixed since. */
  baseline?: MatrixSummary;
  title?: string;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function pageHtml(summary: MatrixSummary, options: PageOptions = {}): string {
  const ids = summary.stacks.map((s) => s.id);
  const cell = (a: string, b: string) => {
    const c = summary.combos.find((x) =>
      a === b
        ? x.stacks.length === 1 && x.stacks[0] === a
        : x.stacks.includes(a) && x.stacks.includes(b) && x.stacks.length === 2,
    );
    if (c === undefined) return "<td>·</td>";
    const f = c.full.ours;
    return `<td>${f.passed}/${f.distinct}</td>`;
  };
  const rows = ids.map((a) => `<tr><th>${escape(a)}</th>${ids.map((b) => cell(a, b)).join("")}</tr>`).join("\n");
  const title = escape(options.title ?? "MLS cross-stack matrix");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><h1>${title}</h1>
<table><tr><th></th>${ids.map((id) => `<th>${escape(id)}</th>`).join("")}</tr>
${rows}
</table></body></html>
`;
}
