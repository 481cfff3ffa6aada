// Which runs a session plays, exactly as the Go runner builds them: for each
// ciphersuite some server supports (or only --suite), for each handshake mode,
// for each assignment of the servers supporting the suite to the script's
// actors, one run. The order is deterministic (suites ascending, private
// before public, the last actor's server varying fastest like Go's
// `combinations`), so --shard can split it across machines.
import { createHash } from "node:crypto";
import type { Script } from "./config.js";

export interface MatrixServer {
  /** `s1`, `s2`, ... in --client order. */
  label: string;
  suites: readonly number[];
}

export interface RunSpec {
  /** Position in the whole matrix, before filtering by shard. */
  id: number;
  script: Script;
  suite: number;
  encrypt: boolean;
  /** assignment[i] is the index (into the servers) of the server for script.actors[i]. */
  assignment: number[];
}

export interface MatrixOptions {
  suite?: number;
  encryptModes: readonly boolean[];
  /** One random assignment per (script, suite, mode) instead of all of them. */
  random: boolean;
  seed: number;
  /**
   * Above this many assignments for one (script, suite, mode), fall back to
   * one seeded random assignment, as the working group's newer runner does
   * for large groups: 2^50 runs of a 50-member script never finish.
   */
  maxAssignments: number;
}

export interface Matrix {
  runs: RunSpec[];
  notes: string[];
}

export function modeName(encrypt: boolean): string {
  return encrypt ? "private" : "public";
}

export class MatrixError extends Error {}

export function matrixSuites(servers: readonly MatrixServer[], suite?: number): number[] {
  const all = [...new Set(servers.flatMap((s) => s.suites))].sort((a, b) => a - b);
  if (suite === undefined) return all;
  if (!all.includes(suite)) {
    throw new MatrixError(`no server supports ciphersuite ${suite} (supported: ${all.join(", ") || "none"})`);
  }
  return [suite];
}

export function buildMatrix(
  scripts: readonly Script[],
  servers: readonly MatrixServer[],
  options: MatrixOptions,
): Matrix {
  const runs: RunSpec[] = [];
  const notes: string[] = [];
  const suites = matrixSuites(servers, options.suite);
  for (const script of scripts) {
    const n = script.actors.length;
    let capped = false;
    for (const suite of suites) {
      const supporting = servers.flatMap((s, i) => (s.suites.includes(suite) ? [i] : []));
      const exhaustive = !options.random && withinLimit(supporting.length, n, options.maxAssignments);
      capped ||= !options.random && !exhaustive;
      for (const encrypt of options.encryptModes) {
        const assignments = exhaustive
          ? allAssignments(supporting.length, n)
          : [
              randomAssignment(
                supporting.length,
                n,
                cellRandom(options.seed, `${script.config}/${script.name}/${suite}/${encrypt}`),
              ),
            ];
        for (const slots of assignments) {
          runs.push({
            id: runs.length,
            script,
            suite,
            encrypt,
            assignment: slots.map((slot) => supporting[slot] ?? 0),
          });
        }
      }
    }
    if (capped) {
      notes.push(
        `${script.config}/${script.name}: ${n} actors give more than ${options.maxAssignments} server assignments; ` +
          `playing one seeded random assignment per suite and mode (--max-assignments raises the limit)`,
      );
    }
  }
  return { runs, notes };
}

function withinLimit(k: number, n: number, limit: number): boolean {
  let total = 1;
  for (let i = 0; i < n; i++) {
    total *= k;
    if (total > limit) return false;
  }
  return true;
}

/** Every k^n tuple, first actor slowest, in Go's `combinations` order. */
function allAssignments(k: number, n: number): number[][] {
  let tuples: number[][] = [[]];
  for (let slot = 0; slot < n; slot++) {
    tuples = tuples.flatMap((t) => Array.from({ length: k }, (_, v) => [...t, v]));
  }
  return tuples;
}

function randomAssignment(k: number, n: number, random: () => number): number[] {
  return Array.from({ length: n }, () => Math.floor(random() * k));
}

/**
 * A generator seeded per matrix cell, so a cell's random assignment depends
 * only on the seed and the cell: filtering scripts or sharding does not
 * change what the other cells get.
 */
export function cellRandom(seed: number, cell: string): () => number {
  let state = createHash("sha256").update(`${seed}\0${cell}`).digest().readUInt32LE(0) || 1;
  // xorshift32: small, fast, and plenty for picking servers.
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new MatrixError(`--shard must be i/n with 1 <= i <= n, got "${text}"`);
  }
  return { index, count };
}

/** Round robin, so every shard gets a share of each script's heavy and light runs. */
export function takeShard<T>(runs: readonly T[], shard: Shard): T[] {
  return runs.filter((_, position) => position % shard.count === shard.index - 1);
}

/** `alice=s1 bob=s2`: how reports and diffs tell runs of one cell apart. */
export function assignmentLabel(
  actors: readonly string[],
  assignment: readonly number[],
  labels: readonly string[],
): string {
  return actors.map((actor, i) => `${actor}=${labels[assignment[i] ?? 0] ?? "?"}`).join(" ");
}
