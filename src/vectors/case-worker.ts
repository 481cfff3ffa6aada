// Worker thread of the vectors command: runs ranges of cases of a file and
// posts their outcomes back. Vectors of the slower ciphersuites spend their
// time in ts-mls's pure-JavaScript curve arithmetic, so more threads are the
// only way to use more cores.
import { parentPort } from "node:worker_threads";
import { errorMessage } from "../errors.js";
import { baseName, readVectorArray, type VectorFile } from "./loader.js";
import type { CaseOutcome } from "./outcome.js";
import { suiteFor } from "./registry.js";
import { runCases } from "./run.js";

export interface CaseRange {
  readonly id: number;
  readonly file: VectorFile;
  readonly start: number;
  readonly end: number;
}

export type RangeResult =
  { readonly id: number; readonly outcomes: CaseOutcome[] } | { readonly id: number; readonly error: string };

// One file's cases at a time arrive in many ranges: parse it once.
let cached: { path: string; raws: unknown[] } | undefined;

async function run(range: CaseRange): Promise<CaseOutcome[]> {
  const suite = suiteFor(range.file.name);
  if (suite === undefined) throw new Error(`no verifier for ${range.file.name}`);
  if (cached?.path !== range.file.path) cached = { path: range.file.path, raws: readVectorArray(range.file) };
  return runCases(suite, cached.raws.slice(range.start, range.end), baseName(range.file.name), range.start);
}

parentPort?.on("message", (range: CaseRange) => {
  run(range).then(
    (outcomes) => parentPort?.postMessage({ id: range.id, outcomes } satisfies RangeResult),
    (err: unknown) => parentPort?.postMessage({ id: range.id, error: errorMessage(err) } satisfies RangeResult),
  );
});
