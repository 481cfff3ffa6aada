// A small SVG line chart with logarithmic axes, enough for the scale plot:
// panels side by side, each with a few series of (x, y) points.

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const PANEL_W = 460;
const PANEL_H = 340;
const M = { left: 62, right: 14, top: 30, bottom: 92 };

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** 1, 2, 5 × powers of ten inside [lo, hi]; the decades alone when that is too many. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  return ticks.length > 8 ? ticks.filter((t) => Number.isInteger(Math.log10(t))) : ticks;
}

function label(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

function panel(p: Panel, offsetX: number): string {
  const all = p.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs);
  // Whole decades around the data, so the grid reads at a glance.
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  const w = PANEL_W - M.left - M.right;
  const h = PANEL_H - M.top - M.bottom;
  const px = (x: number) => offsetX + M.left + (xHi === xLo ? w / 2 : (w * Math.log(x / xLo)) / Math.log(xHi / xLo));
  const py = (y: number) => M.top + h - (h * Math.log(y / yLo)) / Math.log(yHi / yLo);
  const out: string[] = [];
  out.push(
    `<text x="${offsetX + PANEL_W / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeXml(p.title)}</text>`,
  );
  for (const t of logTicks(yLo, yHi)) {
    const y = py(t).toFixed(1);
    out.push(`<line x1="${offsetX + M.left}" x2="${offsetX + M.left + w}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(
      `<text x="${offsetX + M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${label(t)}</text>`,
    );
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    const gx = px(x).toFixed(1);
    out.push(`<line x1="${gx}" x2="${gx}" y1="${M.top}" y2="${M.top + h}" stroke="#eee"/>`);
    out.push(`<text x="${gx}" y="${M.top + h + 16}" text-anchor="middle">${label(x)}</text>`);
  }
  out.push(`<rect x="${offsetX + M.left}" y="${M.top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`);
  out.push(
    `<text x="${offsetX + M.left + w / 2}" y="${M.top + h + 34}" text-anchor="middle">${escapeXml(p.xLabel)}</text>`,
  );
  const yMid = M.top + h / 2;
  out.push(
    `<text x="${offsetX + 14}" y="${yMid}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${yMid})">${escapeXml(p.yLabel)}</text>`,
  );
  p.series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    const dash = s.dashed === true ? ` stroke-dasharray="6 4"` : "";
    const path = pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    out.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const [x, y] of pts)
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    // Legend below the axis title, two entries a row.
    const lx = offsetX + M.left + (i % 2) * (w / 2);
    const ly = M.top + h + 54 + Math.floor(i / 2) * 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${lx + 28}" y="${ly}">${escapeXml(s.name)}</text>`);
  });
  return out.join("\n");
}

export function svgPlot(panels: Panel[]): string {
  const width = PANEL_W * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_H}" viewBox="0 0 ${width} ${PANEL_H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${PANEL_H}" fill="white"/>`,
    ...panels.map((p, i) => panel(p, i * PANEL_W)),
    "</svg>",
    "",
  ].join("\n");
}
