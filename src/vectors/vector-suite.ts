// The contract between the runner and one verifier per vector file.
import type { Fields } from "./fields.js";
import type { Check } from "./outcome.js";

/** Returned by a verifier for a case it cannot run at all; the case is listed as skipped with this reason. */
export interface Skip {
  readonly skip: string;
}

export interface VectorSuite<C> {
  /** Short name shown in reports, e.g. "tree-math". */
  readonly name: string;
  /**
   * Top-level fields every case of this file type has: a file whose first
   * case has them all is given to this verifier, whatever the file's name.
   */
  readonly fields: readonly string[];
  /** Validates one JSON case into the verifier's input; throws VectorFormatError naming the field. */
  parse(fields: Fields): C;
  /**
   * Compares what our code computes with the case, recording differences in
   * `check`. A thrown error stops the case as failed, keeping what was recorded.
   */
  verify(testCase: C, check: Check): Promise<void | Skip>;
}

/** Erases the case type so suites of different cases can share one registry. */
export type AnySuite = VectorSuite<unknown>;

export function defineSuite<C>(suite: VectorSuite<C>): AnySuite {
  return suite as AnySuite;
}
