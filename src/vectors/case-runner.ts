// Running vector cases through a verifier in this thread: the main thread
// does it with --jobs 1, every worker thread for the ranges it is sent.
import { errorMessage } from "../errors.js";
import { VectorFormatError } from "./fields.js";
import { parseCase } from "./loader.js";
import { Check, type CaseOutcome } from "./outcome.js";
import type { AnySuite } from "./vector-suite.js";

export async function runCase(suite: AnySuite, raw: unknown, fileName: string, index: number): Promise<CaseOutcome> {
  let parsed: unknown;
  try {
    parsed = parseCase(raw, fileName, index, (f) => suite.parse(f));
  } catch (err) {
    if (err instanceof VectorFormatError)
      return { status: "failed", differences: [], error: `malformed vector: ${err.message}` };
    throw err;
  }
  const check = new Check();
  try {
    const verdict = await suite.verify(parsed, check);
    if (verdict !== undefined) return { status: "skipped", reason: verdict.skip };
    return check.outcome();
  } catch (err) {
    return check.stopped(errorMessage(err));
  }
}

/**
 * Cases run a few at a time: ts-mls hands hashing, HPKE and signatures to
 * WebCrypto, whose work runs off the main thread, so one case at a time
 * leaves the process mostly waiting. Cases share no state (each passive
 * case has its own handle store).
 */
const concurrency = 4;

async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Cases `raws`, numbered from `first`, a few at a time; outcomes in order. */
export function runCases(
  suite: AnySuite,
  raws: readonly unknown[],
  fileName: string,
  first: number,
): Promise<CaseOutcome[]> {
  return inParallel(raws, concurrency, (raw, i) => runCase(suite, raw, fileName, first + i));
}
