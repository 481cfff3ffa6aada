// Comparing two results files (ours or the Go runner's): which runs newly
// fail, newly pass, appeared or disappeared. A run is known by config,
// script, suite, handshake mode and who played each actor.
//
// "Who" is the actor's server name (`actors`), which both formats carry, so
// our results compare with the Go runner's. Only when both files carry our
// server labels (`assignment`) and a name stands for several servers (a
// selftest's replicas all answer the same Name) are the labels used instead.
// The Go runner's files name no config: against one, the other file's
// config names are dropped too, and `config` picks one config when the other
// file holds several. The Go runner also plays some assignments many times
// (see src/cross/go-combinations.ts): repeats count as one run, which fails
// if any play failed and is flagged when the plays disagree.
import { ResultRow, ResultsFormatError, pairs, readResultsFile } from "./results-file.js";
import { modeName } from "./matrix.js";

export { ResultsFormatError } from "./results-file.js";

export interface DiffRun {
  key: string;
  /** `config/script suite 1 private`: the key without who played. */
  cell: string;
  /** actor → who played it (a server name, or a label when names cannot tell servers apart). */
  who: Record<string, string>;
  failed: boolean;
  error?: string;
  failedStep?: number;
  /** How often the file holds this run. */
  plays: number;
  /** Plays that failed; 0 < failures < plays means the verdict was not repeatable. */
  failures: number;
}

export interface KeyOptions {
  /** Key by server label instead of server name. */
  labels: boolean;
  /** Put the config in the key. */
  configs: boolean;
}

function runCell(row: ResultRow, by: KeyOptions): string {
  const config = by.configs && row.config !== undefined ? `${row.config}/` : "";
  return `${config}${row.script} suite ${row.suite} ${modeName(row.encrypt)}`;
}

function runWho(row: ResultRow, by: KeyOptions): Record<string, string> {
  return by.labels && row.assignment !== undefined ? row.assignment : row.actors;
}

/** Every run of a results file by key, repeats folded into one. */
export function keyRuns(rows: readonly ResultRow[], by: KeyOptions): Map<string, DiffRun> {
  const runs = new Map<string, DiffRun>();
  for (const row of rows) {
    const cell = runCell(row, by);
    const who = runWho(row, by);
    const key = `${cell} ${pairs(who)}`;
    const run = runs.get(key) ?? { key, cell, who, failed: false, plays: 0, failures: 0 };
    run.plays++;
    if (row.failed) {
      run.failures++;
      // The first failure speaks for the run.
      if (!run.failed) Object.assign(run, { failed: true, error: row.error, failedStep: row.failedStep });
    }
    runs.set(key, run);
  }
  return runs;
}

/** Whether one server name stands for several labels (replicas), so that names cannot tell runs apart. */
function namesAmbiguous(rows: readonly ResultRow[]): boolean {
  const labels = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const [actor, label] of Object.entries(row.assignment ?? {})) {
      const name = row.actors[actor] ?? "";
      labels.set(name, (labels.get(name) ?? new Set()).add(label));
    }
  }
  return [...labels.values()].some((set) => set.size > 1);
}

export function keyOptionsFor(before: readonly ResultRow[], after: readonly ResultRow[]): KeyOptions {
  const all = [...before, ...after];
  const labelled = all.every((r) => r.assignment !== undefined);
  return {
    labels: labelled && (namesAmbiguous(before) || namesAmbiguous(after)),
    configs: before.every((r) => r.config !== undefined) && after.every((r) => r.config !== undefined),
  };
}

/** Keeps one config's runs of a file that names configs; the Go runner's rows (no config) all stay. */
export function onlyConfig(rows: readonly ResultRow[], config: string): ResultRow[] {
  return rows.filter((r) => r.config === undefined || r.config === config || r.config === `${config}.json`);
}

/** Refuses to fold different configs' scripts together when the keys carry no config. */
function checkFoldable(rows: readonly ResultRow[], file: string): void {
  const configOf = new Map<string, string>();
  for (const row of rows) {
    if (row.config === undefined) continue;
    const seen = configOf.get(row.script);
    if (seen !== undefined && seen !== row.config) {
      throw new ResultsFormatError(
        `${file}: script "${row.script}" is in ${seen} and ${row.config}, and the other file names no config ` +
          `(the Go runner's plays one config): pick the one it played with --config NAME`,
      );
    }
    configOf.set(row.script, row.config);
  }
}

export interface Diff {
  newlyFailing: DiffRun[];
  newlyPassing: DiffRun[];
  /** In NEW only; those that fail count as new failures too. */
  appeared: DiffRun[];
  disappeared: DiffRun[];
  /** Runs whose plays disagree within one file. */
  unrepeatable: Array<{ file: "old" | "new"; run: DiffRun }>;
  stillFailing: number;
  stillPassing: number;
  by: KeyOptions;
}

export function diffRows(
  before: readonly ResultRow[],
  after: readonly ResultRow[],
  files: { old: string; new: string } = { old: "old", new: "new" },
): Diff {
  const by = keyOptionsFor(before, after);
  if (!by.configs) {
    checkFoldable(before, files.old);
    checkFoldable(after, files.new);
  }
  return diffRuns(keyRuns(before, by), keyRuns(after, by), by);
}

export function diffRuns(
  before: ReadonlyMap<string, DiffRun>,
  after: ReadonlyMap<string, DiffRun>,
  by: KeyOptions = { labels: false, configs: true },
): Diff {
  const diff: Diff = {
    newlyFailing: [],
    newlyPassing: [],
    appeared: [],
    disappeared: [],
    unrepeatable: [],
    stillFailing: 0,
    stillPassing: 0,
    by,
  };
  for (const [key, run] of after) {
    const old = before.get(key);
    if (old === undefined) diff.appeared.push(run);
    else if (run.failed && !old.failed) diff.newlyFailing.push(run);
    else if (!run.failed && old.failed) diff.newlyPassing.push(run);
    else if (run.failed) diff.stillFailing++;
    else diff.stillPassing++;
    if (run.failures > 0 && run.failures < run.plays) diff.unrepeatable.push({ file: "new", run });
  }
  for (const [key, run] of before) {
    if (!after.has(key)) diff.disappeared.push(run);
    if (run.failures > 0 && run.failures < run.plays) diff.unrepeatable.push({ file: "old", run });
  }
  return diff;
}

/** Whether NEW is worse: a run that passed (or did not exist) now fails. */
export function regressed(diff: Diff): boolean {
  return diff.newlyFailing.length > 0 || diff.appeared.some((r) => r.failed);
}

/**
 * A short name for each server name the runs mention, for the lines (the
 * legend says once what each stands for): the name's first word, numbered
 * when two names share it. `mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10, RFC
 * 9420 layer)` is `mls-interop-ts`; a label (s1) stays itself.
 */
export function shortNames(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Map<string, number>();
  for (const name of [...new Set(names)].sort()) {
    const word = (name.split(/\s+/)[0] ?? "").slice(0, 24) || "?";
    const n = (taken.get(word) ?? 0) + 1;
    taken.set(word, n);
    out.set(name, n === 1 ? word : `${word}#${n}`);
  }
  return out;
}

function line(run: DiffRun, short: ReadonlyMap<string, string>): string {
  const status = run.failed
    ? `FAIL${run.failedStep === undefined ? "" : ` at step ${run.failedStep}`}: ${run.error ?? ""}`
    : "pass";
  const plays = run.plays > 1 ? ` (${run.failures} of ${run.plays} plays failed)` : "";
  const who = Object.fromEntries(Object.entries(run.who).map(([a, n]) => [a, short.get(n) ?? n]));
  return `  ${run.cell} ${pairs(who)}: ${status}${plays}`;
}

export function formatDiff(diff: Diff): string {
  const out: string[] = [];
  const listed = [
    ...diff.newlyFailing,
    ...diff.appeared,
    ...diff.newlyPassing,
    ...diff.disappeared,
    ...diff.unrepeatable.map((u) => u.run),
  ];
  const short = shortNames(listed.flatMap((r) => Object.values(r.who)));
  const legend = [...short].filter(([name, alias]) => name !== alias);
  if (legend.length > 0) out.push("servers:", ...legend.map(([name, alias]) => `  ${alias} = ${name}`), "");
  const section = (title: string, runs: DiffRun[]) => {
    if (runs.length > 0) out.push(`${title} (${runs.length}):`, ...runs.map((r) => line(r, short)), "");
  };
  section("newly failing", diff.newlyFailing);
  section("appeared", diff.appeared);
  section("newly passing", diff.newlyPassing);
  section("disappeared", diff.disappeared);
  section(
    "unrepeatable: the plays of one run disagree",
    diff.unrepeatable.map(({ file, run }) => ({ ...run, cell: `${file}: ${run.cell}` })),
  );
  const by = `${diff.by.labels ? "server labels" : "server names"}${diff.by.configs ? "" : ", no config names"}`;
  out.push(
    `${diff.newlyFailing.length} newly failing, ${diff.newlyPassing.length} newly passing, ` +
      `${diff.appeared.length} appeared (${diff.appeared.filter((r) => r.failed).length} failing), ${diff.disappeared.length} disappeared, ` +
      `${diff.stillFailing} still failing, ${diff.stillPassing} still passing (runs matched by ${by})`,
  );
  return `${out.join("\n")}\n`;
}

export function readRows(file: string, config?: string): ResultRow[] {
  const rows = readResultsFile(file);
  return config === undefined ? rows : onlyConfig(rows, config);
}
