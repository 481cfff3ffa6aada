// The `session` block of our results file: what played the matrix and how,
// so that results files of the shards of one matrix (`run --shard I/N` on
// several machines) can be checked against each other and merged into the
// file one machine would have written (`mls-interop merge`). The Go
// runner's readers ignore it, as they ignore our other additions.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Config, Script } from "./config.js";
import type { ExpectedFailure } from "./expectations.js";
import type { Shard } from "./matrix.js";

export const SESSION_FORMAT = "mls-interop-session/1";

export interface SessionBlock {
  format: typeof SESSION_FORMAT;
  tool: { name: string; version: string; commit?: string };
  /** Every config read, by file name, with the SHA-256 of its bytes. */
  configs: Array<{ name: string; sha256: string }>;
  /** What drew the random assignments (--random, and cells above --max-assignments). */
  seed: number;
  random: boolean;
  suite?: number;
  modes: Array<"private" | "public">;
  /** --script filters. */
  scripts: string[];
  /** --assignment: actor → server label. */
  assignment?: Record<string, string>;
  max_assignments: number;
  fail_fast: boolean;
  expected_failures: ExpectedFailure[];
  /** Absent: the whole matrix. */
  shard?: Shard;
  /** Runs of the whole matrix (every shard together). */
  matrix_runs: number;
  /** Runs in this file. */
  runs: number;
  /** Runs of this file's share not played because of --fail-fast. */
  skipped: number;
  started_at: string;
  duration_ms: number;
  /** Config warnings and matrix notes, as the Markdown report lists them. */
  warnings: string[];
  /** Per `config/script` played: its actors in matrix order and each step's action, for the reports. */
  shapes: Record<string, { actors: string[]; steps: string[] }>;
  /** Set by a merge that was allowed to leave shards out: which ones. */
  missing_shards?: string[];
}

/** The facts of the configs that the block records; read once, before any run. */
export function configFacts(configs: readonly Config[]): SessionBlock["configs"] {
  return configs.map((c) => ({
    name: c.name,
    sha256: createHash("sha256").update(readFileSync(c.path)).digest("hex"),
  }));
}

export function shapesOf(scripts: readonly Script[]): SessionBlock["shapes"] {
  return Object.fromEntries(
    scripts.map((s) => [`${s.config}/${s.name}`, { actors: [...s.actors], steps: s.steps.map((step) => step.action) }]),
  );
}

export const modeNames = (modes: readonly boolean[]): SessionBlock["modes"] =>
  modes.map((encrypt) => (encrypt ? "private" : "public"));

/** The fields that say which matrix a file is (a part of): shards to be merged must agree on all of them. */
export function matrixIdentity(block: SessionBlock): Record<string, unknown> {
  return {
    tool: block.tool,
    configs: block.configs,
    seed: block.seed,
    random: block.random,
    suite: block.suite,
    modes: block.modes,
    scripts: block.scripts,
    assignment: block.assignment,
    "max-assignments": block.max_assignments,
    "fail-fast": block.fail_fast,
    "expected failures": block.expected_failures,
    "runs in the whole matrix": block.matrix_runs,
  };
}
