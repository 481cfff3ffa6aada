// What a cross run played, kept beside its raw results (run.json), so that
// the reports can be written again from the same results (`cross
// --report-only`, after a classification is added) without playing again.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../runner/project-root.js";
import { parseResults } from "../runner/results-file.js";
import type { PlayedRow } from "./analysis.js";
import type { Output, StackIncident } from "./play.js";
import type { ComboSuites } from "./plan.js";
import type { SourceCommit } from "./stacks.js";

/** A stack as it was played: the declaration's facts and what the server said of itself. */
export interface PlayedStack {
  id: string;
  /** The declared name (MLSpp). */
  title: string;
  /** What its Name RPC answered. */
  name: string;
  repository: string;
  folder?: string;
  commit: SourceCommit;
  suites: number[];
  address?: string;
}

export interface RunRecord {
  command: string;
  /** ISO time the run ended. */
  date: string;
  ours: { commit?: string; dirty: boolean };
  stacks: PlayedStack[];
  /** Every stack the stacks file declares, in its order (absent in runs recorded before merge needed it). */
  declared?: string[];
  /** Stacks declared but not played, and why. */
  skipped: Array<{ id: string; why: string }>;
  goCommit?: SourceCommit;
  configs: { where: string; files: number; sha256: string };
  /** `config/script` in the configs' order. */
  order: string[];
  combos: ComboSuites[];
  seed: number;
  withGo: boolean;
  shard?: string;
  /** The whole matrix (no filter but --stack): its reports are the committed ones. */
  whole: boolean;
  problems: string[];
  incidents: StackIncident[];
  outputs: Output[];
  durationS: number;
}

const FILE = "run.json";

/** This checkout's commit, and whether what it measures has uncommitted changes. */
export function ourCommit(): RunRecord["ours"] {
  const root = projectRoot();
  const git = (...args: string[]) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return { dirty: false };
  // The reports cross writes are not what it is measuring.
  const status = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)configs/results");
  return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== "" };
}

export function saveRecord(dir: string, record: RunRecord): void {
  writeFileSync(join(dir, FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export function loadRecord(dir: string): RunRecord {
  return JSON.parse(readFileSync(join(dir, FILE), "utf8")) as RunRecord;
}

/** The Go runner's actors by server label, where every actor's server name says which server it was. */
function labelled(actors: Record<string, string>, labels?: Record<string, string>): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  const out = Object.entries(actors).map(([actor, name]) => [actor, labels[name]] as const);
  return out.every(([, label]) => label !== undefined) ? Object.fromEntries(out as Array<[string, string]>) : undefined;
}

/** Every run of one combination's outputs; an output that cannot be read is a problem, not a crash. */
export function readRows(dir: string, record: RunRecord, combo: string): { rows: PlayedRow[]; problems: string[] } {
  const rows: PlayedRow[] = [];
  const problems: string[] = [];
  for (const output of record.outputs.filter((o) => o.combo === combo)) {
    const file = join(dir, output.file);
    try {
      for (const row of parseResults(JSON.parse(readFileSync(file, "utf8")), output.file))
        rows.push({
          ...row,
          assignment: row.assignment ?? labelled(row.actors, output.labels),
          runner: output.runner,
          pass: output.pass,
          config: row.config ?? output.configName ?? "?",
          ...(output.fellOver === undefined ? {} : { fellOver: output.fellOver }),
        });
    } catch (error) {
      problems.push(`${output.file}: unreadable results: ${(error as Error).message}`);
    }
  }
  return { rows, problems };
}
