// A session of `run` or `selftest` as a matrix summary, so that it gets the
// same page as a cross run: its servers are the stacks, named by their
// labels (s1, s2, as the session's --assignment names them), and together
// they are its one combination, analysed as cross analyses its own.
import { parseResults } from "../runner/results-file.js";
import type { PlayedRow } from "./analysis.js";
import { analyse } from "./analysis.js";
import { comboSides, uniqueNames } from "./failures.js";
import { comboId } from "./plan.js";
import type { PlayedStack } from "./record.js";
import type { Replay } from "./replay.js";
import { type MatrixSummary, summarizeCombo } from "./summary.js";

export interface SessionMeta {
  /** The whole command line, as the page quotes it. */
  command: string;
  date: Date;
  durationS: number;
  ours: MatrixSummary["ours"];
  configs: MatrixSummary["configs"];
  /** The seed of a random session; a session that is not random plays every assignment. */
  seed?: number;
  replay: Replay;
}

type Servers = Record<string, { address?: string; name?: string; ciphersuites?: number[] }>;

/** The summary of a session's results file (the JSON `--out` writes). */
export function sessionSummary(results: unknown, file: string, meta: SessionMeta): MatrixSummary {
  const servers = ((results as { servers?: Servers }).servers ?? {}) as Servers;
  const labels = Object.keys(servers).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const pass = meta.seed === undefined ? "full" : "random";
  const rows: PlayedRow[] = parseResults(results, file).map((row) => ({
    ...row,
    runner: "ours",
    pass,
    config: row.config ?? "?",
  }));
  const stacks: PlayedStack[] = labels.map((label) => ({
    id: label,
    title: servers[label]?.name ?? label,
    name: servers[label]?.name ?? "",
    // A server of a session is known by its address alone.
    repository: "",
    address: servers[label]?.address ?? "",
    commit: {},
    suites: servers[label]?.ciphersuites ?? [],
  }));
  const combo = { id: comboId(labels), stacks: labels };
  const sides = comboSides(labels, uniqueNames(stacks));
  // Classifications name the stacks of a stacks file; a session's servers are labels.
  const analysis = analyse(rows, combo.id, sides, [], false);
  const suites = [...new Set(rows.map((r) => r.suite))].sort((a, b) => a - b);
  const combos =
    rows.length === 0
      ? []
      : [
          summarizeCombo(
            analysis,
            { combo, full: pass === "full" ? suites : [], random: pass === "random" ? suites : [] },
            meta.replay,
          ),
        ];
  return {
    format: "mls-interop-cross/1",
    date: meta.date.toISOString(),
    command: meta.command,
    seed: meta.seed ?? 0,
    ours: meta.ours,
    stacks,
    skipped: [],
    configs: meta.configs,
    combos,
    incidents: [],
    problems: [],
    durationS: meta.durationS,
    replay: meta.replay,
  };
}
