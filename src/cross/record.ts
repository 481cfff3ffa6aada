// What a cross run played, kept beside its raw results (run.json), so that
// the report can be written again from the same results (`cross
// --report-only`, after a classification is added) without playing again.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseResults } from "../runner/results-file.js";
import type { PlayedRow } from "./analysis.js";
import type { Output } from "./lanes.js";
import type { PeerId, SourceCommit } from "./peers.js";

export interface RunRecord {
  peer: PeerId;
  command: string;
  /** ISO time the run ended. */
  date: string;
  ours: { name: string; commit?: string; dirty: boolean };
  peerName: string;
  peerCommit: SourceCommit;
  goCommit?: SourceCommit;
  builtAt?: string;
  configs: { where: string; files: number; sha256: string };
  /** `config/script` in the configs' order. */
  order: string[];
  fullSuite?: number;
  randomSuites: number[];
  seed: number;
  withGo: boolean;
  /** The whole matrix (no --config, --script, --suite or --skip-go): its report is the committed one. */
  whole: boolean;
  problems: string[];
  outputs: Output[];
}

const FILE = "run.json";

export function saveRecord(dir: string, record: RunRecord): void {
  writeFileSync(join(dir, FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export function loadRecord(dir: string): RunRecord {
  return JSON.parse(readFileSync(join(dir, FILE), "utf8")) as RunRecord;
}

/** Every run of every output; an output that cannot be read is a problem, not a crash. */
export function readRows(dir: string, record: RunRecord): { rows: PlayedRow[]; problems: string[] } {
  const rows: PlayedRow[] = [];
  const problems: string[] = [];
  for (const output of record.outputs) {
    const file = join(dir, output.file);
    try {
      for (const row of parseResults(JSON.parse(readFileSync(file, "utf8")), output.file))
        rows.push({
          ...row,
          runner: output.runner,
          pass: output.pass,
          config: row.config ?? output.configName ?? "?",
        });
    } catch (error) {
      problems.push(`${output.file}: unreadable results: ${(error as Error).message}`);
    }
  }
  return { rows, problems };
}
