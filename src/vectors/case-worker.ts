// Entry point of every vectors worker thread (WorkerPool starts this file and
// no other), so set-up a thread needs before the verifiers load belongs here.
// A thread runs ranges of a file's cases and posts their outcomes back.
// Vectors of the slower ciphersuites spend their time in ts-mls's
// pure-JavaScript curve arithmetic, so more threads are the only way to use
// more cores.
import { parentPort } from "node:worker_threads";
import { errorMessage } from "../errors.js";
import { runCases } from "./case-runner.js";
import { baseName, readVectorArray } from "./loader.js";
import type { CaseOutcome } from "./outcome.js";
import { verifierNamed } from "./registry.js";
import type { CaseRange, RangeResult } from "./worker-messages.js";

// One file's cases at a time arrive in many ranges: parse it once.
let cached: { path: string; raws: unknown[] } | undefined;

async function run(range: CaseRange): Promise<CaseOutcome[]> {
  const suite = verifierNamed(range.verifier);
  if (suite === undefined) throw new Error(`no verifier named ${range.verifier}`);
  if (cached?.path !== range.file.path) cached = { path: range.file.path, raws: readVectorArray(range.file) };
  return runCases(suite, cached.raws.slice(range.start, range.end), baseName(range.file.name), range.start);
}

parentPort?.on("message", (range: CaseRange) => {
  run(range).then(
    (outcomes) => parentPort?.postMessage({ id: range.id, outcomes } satisfies RangeResult),
    (err: unknown) => parentPort?.postMessage({ id: range.id, error: errorMessage(err) } satisfies RangeResult),
  );
});
