// What the worker pool and its threads say to each other: the pool sends a
// range of one file's cases, the thread answers with their outcomes.
import type { VectorFile } from "./loader.js";
import type { CaseOutcome } from "./outcome.js";

export interface CaseRange {
  readonly id: number;
  readonly file: VectorFile;
  /** The verifier's name: the main thread has recognised the file already. */
  readonly verifier: string;
  readonly start: number;
  readonly end: number;
}

export type RangeResult =
  { readonly id: number; readonly outcomes: CaseOutcome[] } | { readonly id: number; readonly error: string };
