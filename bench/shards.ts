// The matrix fanned out, measured where it can be: one pair's jobs played
// as the workflow's jobs play them (`cross --pair A:B --shard I/K`, each its
// own process with its own servers), K of them at once on this machine, for
// each K the machine can hold. The rounds alternate the K's order, so the
// machine's drifting load falls on each alike. What K CI runners would take
// is a projection from these figures and from the whole matrix's time on one
// machine (configs/results/matrix.json), never a measurement.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import type { MatrixSummary } from "../src/cross/summary.js";
import { cliPath } from "../src/testing/servers.js";
import { round } from "./measure.js";

export interface ShardsRun {
  round: number;
  k: number;
  /** From the first shard's start to the last shard's end. */
  wallMs: number;
  shardWallMs: number[];
  /** Our runner's runs over all shards, and how many passed. */
  runs: number;
  passed: number;
  exitCodes: Array<number | null>;
}

export interface WholeMatrix {
  date: string;
  command: string;
  durationS: number;
  combos: number;
  runs: number;
  goRuns: number;
}

export interface ShardsResult {
  skipped?: string;
  pair: string;
  /** The arguments every shard shares (beside --shard and --results). */
  args: string[];
  rounds: number;
  ks: number[];
  runs: ShardsRun[];
  wholeMatrix?: WholeMatrix;
}

export interface ShardsOptions {
  stacksFile: string;
  peersDir: string | undefined;
  pair: string;
  ks: number[];
  rounds: number;
  matrixJson: string;
  log: (line: string) => void;
}

/** The whole matrix as the last committed `cross` played it on one machine. */
export function wholeMatrix(path: string): WholeMatrix | undefined {
  if (!existsSync(path)) return undefined;
  const m = JSON.parse(readFileSync(path, "utf8")) as MatrixSummary;
  let runs = 0;
  let goRuns = 0;
  for (const c of m.combos) {
    runs += c.full.ours.runs + c.random.ours.runs;
    goRuns += (c.full.go?.runs ?? 0) + (c.random.go?.runs ?? 0);
  }
  return { date: m.date, command: m.command, durationS: m.durationS, combos: m.combos.length, runs, goRuns };
}

function playShard(args: string[], dir: string): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, "cross", ...args, "--results", dir], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  return new Promise((resolve) =>
    child.once("exit", (code) => resolve({ ms: round(performance.now() - started, 0), code })),
  );
}

function shardFigures(dir: string): { runs: number; passed: number } {
  const path = join(dir, "matrix.json");
  if (!existsSync(path)) return { runs: 0, passed: 0 };
  const s = JSON.parse(readFileSync(path, "utf8")) as MatrixSummary;
  let runs = 0;
  let passed = 0;
  for (const c of s.combos) {
    runs += c.full.ours.runs + c.random.ours.runs;
    passed += c.full.ours.passedRuns + c.random.ours.passedRuns;
  }
  return { runs, passed };
}

export async function measureShards(o: ShardsOptions): Promise<ShardsResult> {
  const args = ["--pair", o.pair, "--skip-go", "--stacks", o.stacksFile];
  if (o.peersDir !== undefined) args.push("--peers", o.peersDir);
  const result: ShardsResult = {
    pair: o.pair,
    // As a person would type them, from the checkout.
    args: args.map((a) => (a === o.stacksFile ? relative(process.cwd(), a) : a)),
    rounds: o.rounds,
    ks: o.ks,
    runs: [],
    wholeMatrix: wholeMatrix(o.matrixJson),
  };
  const work = mkdtempSync(join(tmpdir(), "bench-shards-"));
  try {
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? o.ks : [...o.ks].reverse();
      for (const k of order) {
        const dirs = Array.from({ length: k }, (_, i) => join(work, `r${r}-k${k}-${i + 1}`));
        const started = performance.now();
        const shards = await Promise.all(
          dirs.map((dir, i) => playShard([...args, ...(k > 1 ? ["--shard", `${i + 1}/${k}`] : [])], dir)),
        );
        const wallMs = round(performance.now() - started, 0);
        const figures = dirs.map(shardFigures);
        const run: ShardsRun = {
          round: r + 1,
          k,
          wallMs,
          shardWallMs: shards.map((s) => s.ms),
          runs: figures.reduce((a, f) => a + f.runs, 0),
          passed: figures.reduce((a, f) => a + f.passed, 0),
          exitCodes: shards.map((s) => s.code),
        };
        result.runs.push(run);
        o.log(
          `  round ${r + 1}, ${k} at once: ${(wallMs / 1000).toFixed(1)} s, ${run.passed}/${run.runs} runs passed (exit ${run.exitCodes.join(",")})`,
        );
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return result;
}
