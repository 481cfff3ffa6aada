// As fast as the fastest stack: the working group's Go runner driving MLSpp
// and driving our server, and our selftest, over the official configs.
//
// Each round starts one MLSpp and one of our servers, as the stacks file
// starts them, and plays every config on each (both client slots on the one
// server, as a person runs the Go runner against a stack): the two sides
// take turns config by config, the order rotating from config to config and
// from round to round, so that the machine's drifting load falls on both
// alike. A server's CPU seconds for a config are read from /proc for its
// whole process tree, just before the runner starts and just after it ends.
// selftest plays all the configs in one session, as a user runs it, its own
// two servers' start included, before or after the Go runner's half of the
// round in turn. The figures that count are each round's ratios, reported
// with their spread over the rounds, never one absolute reading.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runSelftest } from "./matrix.js";
import { median, round } from "./measure.js";
import { parseSelftestSummary } from "./official.js";
import { findPeers, runGoRunner, startStack } from "./peers.js";

export const versusSides = ["go-mlspp", "go-ours", "selftest"] as const;
export type VersusSide = (typeof versusSides)[number];

export const versusSideNames: Record<VersusSide, string> = {
  "go-mlspp": "Go runner → MLSpp",
  "go-ours": "Go runner → ours",
  selftest: "our `selftest`",
};

export interface VersusRun {
  round: number;
  config: string;
  side: VersusSide;
  wallMs: number;
  runs: number;
  passed: number;
  failed: number;
  /** The server's CPU seconds (selftest: its two servers'), and the runner's. */
  serverCpuS: number;
  runnerCpuS: number;
  /** Load average (1 min) when the run started. */
  load: number;
}

export interface VersusResult {
  skipped?: string;
  /** "suite 1" or "suites 1-7". */
  scope: string;
  rounds: number;
  configs: string[];
  /** The commands, with placeholders for the addresses and the config. */
  commands: Record<VersusSide, string>;
  runs: VersusRun[];
}

export interface VersusOptions {
  stacksFile: string;
  root: string;
  peersDir: string | undefined;
  configsDir: string;
  /** A suite, or undefined for every suite. */
  suite: number | undefined;
  rounds: number;
  log: (line: string) => void;
  loadAverage: () => number;
}

/** The order of the two Go-driven sides for one config of one round: rotated by both. */
export function goOrder(roundIndex: number, configIndex: number): Array<"go-mlspp" | "go-ours"> {
  return (roundIndex + configIndex) % 2 === 0 ? ["go-mlspp", "go-ours"] : ["go-ours", "go-mlspp"];
}

/** The config name under which a selftest session over all of them is recorded. */
export const allConfigs = "(all)";

export async function versusMlspp(o: VersusOptions): Promise<VersusResult> {
  const scope = o.suite === undefined ? "suites 1-7" : `suite ${o.suite}`;
  const suiteGo = o.suite === undefined ? [] : ["-suite", String(o.suite)];
  const suiteOurs = o.suite === undefined ? [] : ["--suite", String(o.suite)];
  const commands: Record<VersusSide, string> = {
    "go-mlspp": `test-runner -client MLSPP -client MLSPP -config CONFIG ${suiteGo.join(" ")}`.trim(),
    "go-ours": `test-runner -client OURS -client OURS -config CONFIG ${suiteGo.join(" ")}`.trim(),
    selftest: `mls-interop selftest --config CONFIGS_DIR --quiet ${suiteOurs.join(" ")}`.trim(),
  };
  const empty = { scope, rounds: o.rounds, configs: [], commands, runs: [] };
  const peers = findPeers(o.stacksFile, o.root, o.peersDir, ["mlspp", "ours"]);
  if ("missing" in peers) return { ...empty, skipped: peers.missing };
  let configs: string[];
  try {
    configs = readdirSync(o.configsDir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return { ...empty, skipped: `no official configs at ${o.configsDir}` };
  }
  const runs: VersusRun[] = [];
  const done = (run: VersusRun): void => {
    runs.push(run);
    o.log(
      `    ${(run.wallMs / 1000).toFixed(1)} s, ${run.runs} runs (${run.failed} failed), ` +
        `server CPU ${run.serverCpuS.toFixed(1)} s, runner CPU ${run.runnerCpuS.toFixed(1)} s`,
    );
  };
  for (let r = 0; r < o.rounds; r++) {
    const halves = r % 2 === 0 ? (["go", "selftest"] as const) : (["selftest", "go"] as const);
    for (const half of halves) {
      if (half === "selftest") {
        o.log(`  round ${r + 1}: ${versusSideNames.selftest} over every config`);
        const load = o.loadAverage();
        const st = await runSelftest("selftest", ["--config", o.configsDir, "--quiet", ...suiteOurs]);
        const counts = parseSelftestSummary(st.summary);
        if (counts === undefined) throw new Error(`bench: selftest over ${o.configsDir} ended with "${st.summary}"`);
        done({
          round: r + 1,
          config: allConfigs,
          side: "selftest",
          wallMs: st.wallMs,
          ...counts,
          serverCpuS: st.serversCpuS,
          runnerCpuS: st.runnerCpuS,
          load,
        });
        continue;
      }
      const servers = { "go-mlspp": await startStack(peers, "mlspp"), "go-ours": await startStack(peers, "ours") };
      try {
        for (const [i, config] of configs.entries())
          for (const side of goOrder(r, i)) {
            o.log(`  round ${r + 1}, ${config}: ${versusSideNames[side]}`);
            const load = o.loadAverage();
            const server = servers[side];
            const go = await runGoRunner(peers, [server, server], join(o.configsDir, config), suiteGo);
            if (go.exitCode !== 0 && go.runs === 0)
              throw new Error(
                `bench: the Go runner exited with ${go.exitCode} against ${server.id}:\n${server.logTail()}`,
              );
            done({
              round: r + 1,
              config,
              side,
              wallMs: round(go.wallMs, 0),
              runs: go.runs,
              passed: go.passed,
              failed: go.failed,
              serverCpuS: round(go.serversCpuS, 2),
              runnerCpuS: round(go.runnerCpuS, 2),
              load,
            });
          }
      } finally {
        await Promise.all(Object.values(servers).map((s) => s.stop()));
      }
    }
  }
  return { scope, rounds: o.rounds, configs, commands, runs };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export interface RoundTotals {
  round: number;
  /** Per side: wall seconds, server CPU seconds, runs. */
  sides: Record<VersusSide, { wallS: number; serverCpuS: number; runnerCpuS: number; runs: number; failed: number }>;
  /** Go → MLSpp wall over Go → ours wall (≥ 1: ours is at least as fast). */
  wallRatio: number;
  /** Our server's CPU per run over MLSpp's (≤ 1: ours costs no more). */
  cpuPerRunRatio: number;
  /** Go → MLSpp wall over selftest wall. */
  selftestSpeedup: number;
}

/** Each round's sums over the configs, and its ratios: the figures the targets are judged by. */
export function roundTotals(result: VersusResult): RoundTotals[] {
  const rounds = [...new Set(result.runs.map((r) => r.round))];
  return rounds.map((n) => {
    const mine = result.runs.filter((r) => r.round === n);
    const sides = Object.fromEntries(
      versusSides.map((side) => {
        const of = mine.filter((r) => r.side === side);
        const sum = (f: (r: VersusRun) => number) => of.reduce((s, r) => s + f(r), 0);
        return [
          side,
          {
            wallS: sum((r) => r.wallMs) / 1000,
            serverCpuS: sum((r) => r.serverCpuS),
            runnerCpuS: sum((r) => r.runnerCpuS),
            runs: sum((r) => r.runs),
            failed: sum((r) => r.failed),
          },
        ];
      }),
    ) as RoundTotals["sides"];
    const m = sides["go-mlspp"];
    const ours = sides["go-ours"];
    return {
      round: n,
      sides,
      wallRatio: m.wallS / ours.wallS,
      cpuPerRunRatio: ours.serverCpuS / ours.runs / (m.serverCpuS / m.runs),
      selftestSpeedup: m.wallS / sides.selftest.wallS,
    };
  });
}
