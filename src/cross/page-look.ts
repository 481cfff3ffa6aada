// How the page shows a count, and which columns its filters keep: the same
// functions render the page and, inlined into it by their source text,
// re-render it in the browser when a filter changes. Each is therefore
// self-contained: no imports, no names from outside its own body.

export interface Look {
  /** For styles and tests: every assignment passes, some, none, or nothing was played. */
  state: "pass" | "some" | "fail" | "none";
  /** ✔ every assignment passes, ◐ some, ✘ none, · nothing played: readable without colour. */
  symbol: string;
  /** `12/16`, or empty when nothing was played. */
  text: string;
  /** A background from red (none pass) through orange and yellow to green (all pass); empty when nothing was played. */
  colour: string;
  /** The words a screen reader says and a tooltip shows. */
  label: string;
}

/** The look of `passed` of `total` distinct assignments. */
export function cellLook(passed: number, total: number): Look {
  if (total === 0) return { state: "none", symbol: "·", text: "", colour: "", label: "not played" };
  const share = passed / total;
  const state = passed === total ? "pass" : passed === 0 ? "fail" : "some";
  const percent = Math.floor(share * 100);
  return {
    state,
    symbol: state === "pass" ? "✔" : state === "fail" ? "✘" : "◐",
    text: `${passed}/${total}`,
    // Green is kept for all passing: a cell with any failure is yellow at best, orange at half, red at none.
    colour: `hsl(${state === "pass" ? 120 : Math.round(80 * share ** 1.5)} 70% ${state === "pass" ? 80 : 84}%)`,
    label: `${passed} of ${total} assignments pass (${passed === total ? 100 : percent}%)`,
  };
}

/** Whether a column (`suite 1 private`) is kept by the filters (`""` keeps every suite or mode). */
export function keepsColumn(column: string, suite: string, mode: string): boolean {
  const [, s, m] = column.split(" ");
  return (suite === "" || suite === s) && (mode === "" || mode === m);
}

/** Sums a cell's per-column figures (`{column: [a, b]}`) over the columns the filters keep. */
export function sumKept(figures: Record<string, number[]>, keeps: (column: string) => boolean): [number, number] {
  let a = 0;
  let b = 0;
  for (const [column, values] of Object.entries(figures))
    if (keeps(column)) {
      a += values[0] ?? 0;
      b += values[1] ?? 0;
    }
  return [a, b];
}

/** What changed since the baseline, in a cell: `▼2 ▲1` (regressed, fixed), or empty. */
export function changeText(regressed: number, fixed: number): string {
  return [regressed > 0 ? `▼${regressed}` : "", fixed > 0 ? `▲${fixed}` : ""].filter((t) => t !== "").join(" ");
}
