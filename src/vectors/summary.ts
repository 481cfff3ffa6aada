// Per-file facts every report shows: counts, why cases were skipped, which
// checks could not be made. Computed once here so the console table, the
// JSON and the Markdown report cannot disagree.
import type { CaseResult, FileResult, RunResult, Tally } from "./run.js";
import { tally } from "./run.js";

export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
  /** Case indices, for reasons that apply to only some cases. */
  readonly cases: readonly number[];
}

export interface FileSummary {
  readonly file: string;
  readonly verifier: string | undefined;
  readonly tally: Tally;
  readonly fileProblem: FileResult["fileProblem"];
  readonly skipReasons: readonly ReasonCount[];
  readonly notChecked: readonly ReasonCount[];
  readonly durationMs: number;
}

function countReasons(pairs: Array<[string, number]>): ReasonCount[] {
  const byReason = new Map<string, number[]>();
  for (const [reason, index] of pairs) byReason.set(reason, [...(byReason.get(reason) ?? []), index]);
  return [...byReason].map(([reason, cases]) => ({ reason, count: cases.length, cases }));
}

function notCheckedOf(c: CaseResult): readonly string[] {
  return c.outcome.status === "skipped" ? [] : (c.outcome.notChecked ?? []);
}

export function summarizeFile(f: FileResult): FileSummary {
  const skips: Array<[string, number]> = [];
  for (const c of f.cases) if (c.outcome.status === "skipped") skips.push([c.outcome.reason, c.index]);
  return {
    file: f.file,
    verifier: f.verifier,
    tally: tally(f.cases),
    fileProblem: f.fileProblem,
    skipReasons: countReasons(skips),
    notChecked: countReasons(f.cases.flatMap((c) => notCheckedOf(c).map((r): [string, number] => [r, c.index]))),
    durationMs: f.durationMs,
  };
}

export function totals(result: RunResult): Tally {
  return tally(result.files.flatMap((f) => f.cases));
}

/** "0-3, 7, 9-12": case lists stay short in reports even when all cases share a reason. */
export function compactIndices(indices: readonly number[]): string {
  const runs: Array<[number, number]> = [];
  for (const i of indices) {
    const last = runs.at(-1);
    if (last !== undefined && i === last[1] + 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
}
