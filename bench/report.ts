// bench/results.json (everything measured, for machines and later diffs),
// bench/results.md (the same as tables) and bench/scale.svg.
import type { GrpcFloor } from "./grpc-floor.js";
import { rpcAllowanceMs, type OverheadRow } from "./overhead.js";
import { rpcBuckets, type RpcProfileResult } from "./rpc-profile.js";
import type { SelftestRun } from "./matrix.js";
import { memoryFlat, type MemoryTrend } from "./memory.js";
import { idleTtlSeconds, sideNames, sides, type OfficialResult } from "./official.js";
import type { RejectionRow } from "./rejections.js";
import { phaseNames, phases, type ScaleRow, type StateMemory } from "./scale.js";
import {
  roundTotals,
  spread,
  versusSideNames,
  versusSides,
  type Spread,
  type VersusResult,
  type VersusRun,
} from "./versus-mlspp.js";
import type { ShardsResult } from "./shards.js";
import { svgPlot, type Series } from "./svg-plot.js";

export interface Machine {
  cpuModel: string;
  cores: number;
  node: string;
  /** 1-minute load average before and after the bench. */
  loadBefore: number;
  loadAfter?: number;
}

export interface MatrixResult {
  configs: string[];
  runs: SelftestRun[];
  /** Wall time with --jobs 1 over wall time with the default. */
  speedup: number;
}

export interface Results {
  date: string;
  /** When each section present was measured (sections kept from an earlier run keep their date). */
  sections?: Partial<
    Record<"overhead" | "official" | "mlspp" | "matrix" | "scale" | "rpc-profile" | "rejections" | "shards", string>
  >;
  command: string;
  quick: boolean;
  machine: Machine;
  overhead?: OverheadRow[];
  grpcFloor?: GrpcFloor;
  official?: OfficialResult;
  /** Go runner → MLSpp, Go runner → ours and selftest, by scope ("suite 1", "suites 1-7"). */
  mlspp?: Record<string, VersusResult>;
  matrix?: MatrixResult;
  scale?: ScaleRow[];
  memory?: StateMemory[];
  /** Where each method's time goes on our server under the Go runner. */
  rpcProfile?: RpcProfileResult;
  rejections?: RejectionRow[];
  /** One pair's jobs, k at once, and the whole matrix on one machine. */
  shards?: ShardsResult;
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
/** Three significant digits below 1 ms (a rejection by ours takes tens of microseconds). */
const fmtSmall = (ms: number): string => (ms >= 1 ? fmt(ms) : ms.toPrecision(3));
const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);

function overheadTable(rows: OverheadRow[]): string[] {
  return [
    "| method | group | ts-mls, its provider ms | ts-mls, our provider ms | RPC, `--crypto library` ms | RPC ms | handler ms | " +
      "RPC − library − floor ms | target | server CPU ms, `--crypto library` → ours |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.method} | ${r.groupSize ?? "–"} | ${fmt(r.libraryMs)} | ${fmt(r.libraryOursMs)} | ${fmt(r.serverLibraryCryptoMs)} | ` +
        `${fmt(r.serverMs)} | ${fmt(r.handlerMs)} | ${r.aboveMs.toFixed(2)} | ${r.met ? "met" : "**missed**"} | ` +
        `${fmt(r.serverLibraryCryptoCpuMs)} → ${fmt(r.serverCpuMs)} |`,
    ),
  ];
}

/** Issue 14's targets: selftest's verdict 2.5× sooner than Go + reference, our server 1.3× faster under the Go runner. */
export const officialTargets = { selftest: 2.5, server: 1.3 };

const verdict = (ratio: number, target: number): string =>
  Number.isNaN(ratio) ? "–" : ratio >= target ? "met" : "**missed**";

function memoryRows(trends: MemoryTrend[]): string[] {
  return trends.map(
    (t) =>
      `| ${t.label} | ${t.samples} | ${mib(t.startBytes)} | ${mib(t.warmBytes)} | ${mib(t.maxBytes)} | ${mib(t.endBytes)} | ` +
      `${(t.slopeBytesPerMin / 1048576).toFixed(2)} | ${mib(t.endBytes - t.warmBytes)} | ${memoryFlat(t) ? "flat" : "**grows**"} |`,
  );
}

export function officialSection(o: OfficialResult): string[] {
  if (o.skipped !== undefined) return [`Skipped: ${o.skipped}.`];
  const excluded = o.configs.filter((c) => c.excluded.length > 0);
  const out = [
    `Scope: ${o.scope}; the official configs less the scripts our expected-failures file lists ` +
      `(${excluded.map((c) => `${c.config}: ${c.excluded.join(", ")}`).join("; ") || "none"}), ` +
      `${o.configs.reduce((n, c) => n + c.scripts, 0)} scripts in all, so every side does the same work. ` +
      "One config at a time, the order of the three sides rotating from config to config. Commands, per config:",
    "",
    "```sh",
    "mls-interop selftest --config CONFIG --quiet" +
      (o.scope.includes("--quick") ? " --suite 1 --random --seed 1" : ""),
    "test-runner -client REF1 -client REF2 -config CONFIG" + (o.scope.includes("--quick") ? " -suite 1 -random" : ""),
    "test-runner -client OURS1 -client OURS2 -config CONFIG" + (o.scope.includes("--quick") ? " -suite 1 -random" : ""),
    "```",
    "",
    "selftest's time includes starting its servers; the Go runner's does not (its servers run through the whole",
    `section; starting one took ${fmt(o.startupMs.reference / 1000)} s for the reference (tsx compiles it) and ` +
      `${fmt(o.startupMs.ours / 1000)} s for ours).`,
    "",
    "| side | wall s | runs | passed | failed | servers' CPU s | runner's CPU s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...o.totals.map(
      (t) =>
        `| ${sideNames[t.side]} | ${(t.wallMs / 1000).toFixed(1)} | ${t.runs} | ${t.passed} | ${t.failed} | ${t.serversCpuS.toFixed(1)} | ${t.runnerCpuS.toFixed(1)} |`,
    ),
    "",
    `Time to a verdict, Go runner + reference over selftest: **${o.selftestSpeedup.toFixed(2)}×** ` +
      `(target ${officialTargets.selftest}×: ${verdict(o.selftestSpeedup, officialTargets.selftest)}). ` +
      `The server alone, Go runner driving the reference over driving ours: **${o.serverSpeedup.toFixed(2)}×** ` +
      `(target ${officialTargets.server}×: ${verdict(o.serverSpeedup, officialTargets.server)}).`,
    "",
    "| config | scripts | " +
      sides.map((s) => `${sideNames[s]} s`).join(" | ") +
      " | runs | passed (" +
      sides.join(" / ") +
      ") |",
    "| --- | ---: | " + sides.map(() => "---:").join(" | ") + " | ---: | --- |",
    ...o.configs.map((c) => {
      const mine = sides.map((s) => o.runs.find((r) => r.config === c.config && r.side === s));
      return (
        `| ${c.config} | ${c.scripts} | ${mine.map((r) => (r === undefined ? "–" : (r.wallMs / 1000).toFixed(1))).join(" | ")} | ` +
        `${mine[1]?.runs ?? "–"} | ${mine.map((r) => r?.passed ?? "–").join(" / ")} |`
      );
    }),
    "",
  ];
  const failures = o.runs.filter((r) => r.topErrors.length > 0);
  if (failures.length > 0)
    out.push(
      "Failures (most frequent messages):",
      "",
      ...failures.flatMap((r) =>
        r.topErrors.map((e) => `- ${r.config}, ${sideNames[r.side]}: ${e.count}× ${e.message.slice(0, 200)}`),
      ),
      "",
    );
  out.push(
    "**Memory.** Resident memory (the whole process tree: the reference runs under tsx) of the four Go-driven",
    "servers, sampled every second while their side ran; the first 20% of that time is warm-up. *Flat* when the",
    "run ends less than 16 MiB (or 10% of the warm level) above the warm level: the load itself rises and falls",
    "(the Go runner leaves thousands of states behind, which `--idle-ttl` drops), so growth that stays is the",
    "leak; the trend, a least-squares line through the samples after warm-up, is there for information.",
    "",
    "| server | samples | start MiB | after warm-up MiB | max MiB | end MiB | trend MiB/min | end − warm MiB | verdict |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...memoryRows(o.memory),
    "",
    `selftest's own servers (two per config, each living for one config): peak resident ` +
      o.selftestMemory.map((m) => `${m.config} ${mib(m.peakBytes)} MiB`).join(", ") +
      ".",
    "",
  );
  const session = o.selftestSession;
  if (session !== undefined)
    out.push(
      `**One selftest session over every config** (after the alternated ones, \`selftest --config DIR --quiet\`): ` +
        `${(session.wallMs / 1000).toFixed(1)} s, ${session.runs} runs, ${session.passed} passed, ${session.failed} failed; ` +
        `servers' CPU ${session.serversCpuS.toFixed(1)} s, runner's ${session.runnerCpuS.toFixed(1)} s. ` +
        "Its two servers' resident memory through the session (sampled every second, same warm-up and verdict):",
      "",
      "| server | samples | start MiB | after warm-up MiB | max MiB | end MiB | trend MiB/min | end − warm MiB | verdict |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      ...memoryRows(session.memory),
      "",
    );
  const heap = (checks: typeof o.handles) => checks.map((h) => `${mib(h.heapUsedBytes)} MiB`).join(" and ");
  const afterConfigs = [...new Set(o.handles.map((h) => h.afterConfig))];
  out.push(
    `**Handles.** The Go runner frees only each actor's final state; what branches, reinits and external joins`,
    `leave behind, and every external signer, stays on any server. Ours ran with \`--idle-ttl ${idleTtlSeconds}\`, which drops`,
    "handles untouched that long. Live handles and imported keys of our two servers after each config",
    "(SIGUSR2, after a GC), and live heap:",
    "",
    "| after | live handles | imported keys (private/public) | live heap MiB |",
    "| --- | --- | --- | --- |",
    ...afterConfigs.map((c) => {
      const mine = o.handles.filter((h) => h.afterConfig === c);
      return (
        `| ${c} | ${mine.map((h) => JSON.stringify(h.liveHandles).replace(/"/g, "")).join(" and ")} | ` +
        `${mine.map((h) => `${h.importedKeys.private}/${h.importedKeys.public}`).join(" and ")} | ${heap(mine)} |`
      );
    }),
    ...o.finalHandles.map(
      (h) =>
        `| the end + ${h.afterSeconds} s (${h.server}) | ${JSON.stringify(h.liveHandles).replace(/"/g, "")} | ` +
        `${h.importedKeys.private}/${h.importedKeys.public} | ${mib(h.heapUsedBytes)} MiB |`,
    ),
    "",
    `Our crypto provider handed ${o.finalHandles.reduce((n, h) => n + Object.values(h.cryptoFallbacks).reduce((a, b) => a + b, 0), 0)} ` +
      "calls to ts-mls's own over the whole run (docs/crypto.md says what goes there).",
    "",
    o.finalHandles.length > 0 &&
      o.finalHandles.every(
        (h) => Object.keys(h.liveHandles).length === 0 && h.importedKeys.private + h.importedKeys.public === 0,
      )
      ? "Back to zero handles and zero imported keys at the end: yes."
      : "Back to zero handles and zero imported keys at the end: **no**.",
    "",
  );
  return out;
}

/** Issue 21's targets: ours at least as fast as MLSpp under the Go runner, at most its CPU per run; selftest 2× sooner. */
export const versusTargets = { wallRatio: 1, cpuPerRunRatio: 1, selftestSpeedup: 2 };

const spreadText = (s: Spread, digits = 2): string =>
  `**${s.median.toFixed(digits)}** (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

export function versusSection(v: VersusResult): string[] {
  if (v.skipped !== undefined) return [`Skipped: ${v.skipped}.`];
  const totals = roundTotals(v);
  const wall = spread(totals.map((t) => t.wallRatio));
  const cpu = spread(totals.map((t) => t.cpuPerRunRatio));
  const selftest = spread(totals.map((t) => t.selftestSpeedup));
  const met = (ok: boolean): string => (ok ? "met" : "**missed**");
  const cpuMsPerRun = (cpuS: number, runs: number): string => (runs === 0 ? "–" : ((1000 * cpuS) / runs).toFixed(1));
  const out = [
    `Scope: ${v.scope}, both modes, every assignment; the ${v.configs.length} official configs, ${v.rounds} rounds. ` +
      "Each round starts one MLSpp server and one of ours with the stacks file's command and plays every config " +
      "on each, both client slots on the one server, the two taking turns config by config (the order rotating " +
      "from config to config and round to round); a server's CPU is its whole process tree's, from /proc, from " +
      "just before the runner starts to just after it ends. selftest plays all the configs in one session, its " +
      "own two servers' start included, before or after the Go runner's half of the round in turn. Commands:",
    "",
    "```sh",
    ...versusSides.map((side) => v.commands[side]),
    "```",
    "",
    `Per round, summed over the configs, and the ratios the targets are judged by ` +
      "(median, then the range over rounds, in brackets):",
    "",
    "| round | " +
      versusSides.map((s) => `${versusSideNames[s]} wall s / server CPU ms per run`).join(" | ") +
      " | MLSpp ÷ ours, wall | ours ÷ MLSpp, CPU per run | MLSpp ÷ selftest, wall | load |",
    "| ---: | " + versusSides.map(() => "---:").join(" | ") + " | ---: | ---: | ---: | ---: |",
    ...totals.map((t) => {
      const loads = v.runs.filter((r) => r.round === t.round).map((r) => r.load);
      return (
        `| ${t.round} | ` +
        versusSides
          .map((s) => {
            const x = t.sides[s];
            return `${x.wallS.toFixed(1)} / ${cpuMsPerRun(x.serverCpuS, x.runs)}${x.failed > 0 ? ` (${x.failed} failed)` : ""}`;
          })
          .join(" | ") +
        ` | ${t.wallRatio.toFixed(2)} | ${t.cpuPerRunRatio.toFixed(2)} | ${t.selftestSpeedup.toFixed(2)} | ` +
        `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`
      );
    }),
    "",
    `- Go runner driving MLSpp over driving ours, wall: ${spreadText(wall)} (target ≥ ${versusTargets.wallRatio}: ${met(wall.median >= versusTargets.wallRatio)}).`,
    `- Our server's CPU per run over MLSpp's: ${spreadText(cpu)} (target ≤ ${versusTargets.cpuPerRunRatio}: ${met(cpu.median <= versusTargets.cpuPerRunRatio)}).`,
    `- Go runner + MLSpp over our selftest, wall: ${spreadText(selftest)} (target ≥ ${versusTargets.selftestSpeedup}: ${met(selftest.median >= versusTargets.selftestSpeedup)}).`,
    "",
    "Per config under the Go runner, medians over the rounds:",
    "",
    "| config | runs | MLSpp wall s | ours wall s | MLSpp ÷ ours, wall | MLSpp CPU ms/run | ours CPU ms/run |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...v.configs.map((config) => {
      const of = (side: string) => v.runs.filter((r) => r.config === config && r.side === side);
      const med = (side: string, f: (r: VersusRun) => number) => spread(of(side).map(f)).median;
      const ratios = of("go-ours").map(
        (ours) => (of("go-mlspp").find((r) => r.round === ours.round)?.wallMs ?? Number.NaN) / ours.wallMs,
      );
      const perRun = (side: string) => med(side, (r) => (1000 * r.serverCpuS) / Math.max(1, r.runs)).toFixed(1);
      return (
        `| ${config} | ${of("go-ours")[0]?.runs ?? "–"} | ${(med("go-mlspp", (r) => r.wallMs) / 1000).toFixed(1)} | ` +
        `${(med("go-ours", (r) => r.wallMs) / 1000).toFixed(1)} | ${spreadText(spread(ratios))} | ` +
        `${perRun("go-mlspp")} | ${perRun("go-ours")} |`
      );
    }),
    "",
  ];
  return out;
}

export function shardsSection(r: ShardsResult): string[] {
  const out: string[] = [];
  const w = r.wholeMatrix;
  if (w !== undefined)
    out.push(
      `The whole matrix on this machine: \`${w.command}\` (${w.date}) played ${w.combos} combinations, ` +
        `${w.runs.toLocaleString("en")} runs of our runner and ${w.goRuns.toLocaleString("en")} of the Go runner, ` +
        `in **${(w.durationS / 60).toFixed(0)} min** (configs/results/matrix.json).`,
      "",
    );
  if (r.skipped !== undefined) return [...out, `Skipped: ${r.skipped}.`];
  out.push(
    `One pair's jobs as the workflow runs them, k at once, each its own process with its own servers: ` +
      `\`mls-interop cross ${r.args.join(" ")} --shard I/k\` (k = 1 unsharded), ${r.rounds} rounds, the order of k ` +
      "reversed every other round.",
    "",
    "| k at once | wall s, per round | median | slowest shard s (median) | runs passed | speed-up over k = 1 |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
  );
  const med = (k: number): number => spread(r.runs.filter((x) => x.k === k).map((x) => x.wallMs / 1000)).median;
  const one = med(1);
  for (const k of r.ks) {
    const runs = r.runs.filter((x) => x.k === k);
    const slowest = spread(runs.map((x) => Math.max(...x.shardWallMs) / 1000)).median;
    const passed = runs.map((x) => `${x.passed}/${x.runs}`).join(", ");
    out.push(
      `| ${k} | ${runs.map((x) => (x.wallMs / 1000).toFixed(1)).join(", ")} | ${med(k).toFixed(1)} | ` +
        `${slowest.toFixed(1)} | ${passed} | ${(one / med(k)).toFixed(2)}× |`,
    );
  }
  if (w !== undefined) {
    const best = Math.max(...r.ks.map((k) => one / med(k)));
    out.push(
      "",
      `*Projection, not a measurement*: this machine plays k shards at once at most ${best.toFixed(2)}× ` +
        "faster than one, since its two cores are the limit. k CI runners like it, each playing 1/k of the " +
        `jobs (\`cross --plan --shards N\` makes them even), would take about ${(w.durationS / 60).toFixed(0)} min ÷ k ` +
        `plus each runner's setup: ${[2, 4, 8, 16].map((k) => `k = ${k}: ~${Math.ceil(w.durationS / 60 / k)} min`).join(", ")}, ` +
        "until the longest single job (one pair's shard) is the floor.",
    );
  }
  out.push("");
  return out;
}

function matrixTable(m: MatrixResult): string[] {
  return [
    "| run | wall s | runner CPU s | servers CPU s (processes) | result |",
    "| --- | ---: | ---: | ---: | --- |",
    ...m.runs.map(
      (r) =>
        `| ${r.label} | ${(r.wallMs / 1000).toFixed(1)} | ${r.runnerCpuS} | ${r.serversCpuS} (${r.serverProcesses}) | ${r.summary.replace(/\|/g, "/")} |`,
    ),
    "",
    `Speed-up of the default over \`--jobs 1\`${m.runs.length > 2 ? ", best round of each" : ""}: **${m.speedup.toFixed(2)}×** (target 1.8×: ${m.speedup >= 1.8 ? "met" : "**missed**"}).`,
  ];
}

function scaleTable(rows: ScaleRow[]): string[] {
  const head = ["N", "side", ...phases.map((p) => `${phaseNames[p]} ms`), "total s", "heap MiB"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`];
  for (const r of rows)
    for (const [side, run] of [
      ["library", r.library],
      ["server", r.server],
    ] as const)
      lines.push(
        `| ${r.n} | ${side} | ${phases.map((p) => fmt(run.ms[p])).join(" | ")} | ${(run.totalMs / 1000).toFixed(2)} | ${mib(run.heapBytes)} |`,
      );
  return lines;
}

function memoryTable(rows: StateMemory[]): string[] {
  return [
    "| group size | states weighed | library KiB/state | server KiB/state | server − library KiB |",
    "| ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (m) =>
        `| ${m.groupSize} | ${m.states} | ${kib(m.libraryBytesPerState)} | ${kib(m.serverBytesPerState)} | ${kib(m.serverBytesPerState - m.libraryBytesPerState)} |`,
    ),
  ];
}

export function rpcProfileSection(p: RpcProfileResult): string[] {
  if (p.skipped !== undefined) return [`Skipped: ${p.skipped}.`];
  const cell = (ms: number): string => (ms / 1000).toFixed(1);
  const outsideMs = rpcBuckets.reduce((sum, b) => sum + p.outside[b], 0);
  const out = [
    `V8's CPU profile of one server of ours (\`node dist/bench/profiled-server.js\`: \`serve\`'s server, sampled every ` +
      `250 µs) while the Go runner plays the ${p.configs.length} official configs against it, ${p.scope}, both modes, ` +
      `every assignment, both client slots on it: ${p.runs} runs (${p.failed} failed), ${(p.wallMs / 1000).toFixed(0)} s. ` +
      "The runner makes one call at a time, so each sample belongs to the call running when it was taken; within " +
      "it, to where the function on top of the stack lives (a native function, such as a crypto job's, to its " +
      "caller's home). Busy CPU seconds, main thread:",
    "",
    `| method | calls | ms per call | busy s | ${rpcBuckets.join(" | ")} |`,
    `| --- | ---: | ---: | ---: | ${rpcBuckets.map(() => "---:").join(" | ")} |`,
    ...p.methods
      .filter((m) => m.busyMs >= 50)
      .map(
        (m) =>
          `| ${m.method} | ${m.calls} | ${(m.busyMs / m.calls).toFixed(2)} | ${cell(m.busyMs)} | ` +
          `${rpcBuckets.map((b) => cell(m.ms[b])).join(" | ")} |`,
      ),
    `| (the ${p.methods.filter((m) => m.busyMs < 50).length} others) | ` +
      `${p.methods.filter((m) => m.busyMs < 50).reduce((n, m) => n + m.calls, 0)} | | ` +
      `${cell(p.methods.filter((m) => m.busyMs < 50).reduce((n, m) => n + m.busyMs, 0))} | ${rpcBuckets.map(() => "").join(" | ")} |`,
    `| outside every call (gRPC's decoding and answering, HTTP/2) | | | ${cell(outsideMs)} | ` +
      `${rpcBuckets.map((b) => cell(p.outside[b])).join(" | ")} |`,
    `| **busy, all** | ${p.methods.reduce((n, m) => n + m.calls, 0)} | | **${cell(p.busyMs)}** | ` +
      `${rpcBuckets.map((b) => cell(p.methods.reduce((n, m) => n + m.ms[b], 0) + p.outside[b])).join(" | ")} |`,
    "",
    `Idle: ${cell(p.idleMs)} s (waiting for the runner). The functions with the most self time in the busiest methods:`,
    "",
  ];
  for (const m of p.methods.slice(0, 5))
    out.push(
      `- **${m.method}**: ${m.top
        .slice(0, 6)
        .map((t) => `\`${t.frame}\` ${(t.ms / 1000).toFixed(2)} s`)
        .join(", ")}`,
    );
  out.push("");
  return out;
}

export function markdown(r: Results): string {
  const m = r.machine;
  const out = [
    "# Benchmark results",
    "",
    `Measured ${r.date} with \`${r.command}\`${r.quick ? " (quick subset)" : ""} on ${m.cores} × ${m.cpuModel}, Node ${m.node}; ` +
      `1-minute load ${m.loadBefore.toFixed(2)} before${m.loadAfter === undefined ? "" : `, ${m.loadAfter.toFixed(2)} after`}.`,
    "",
  ];
  const stamps = Object.entries(r.sections ?? {});
  if (stamps.some(([, date]) => date.slice(0, 13) !== r.date.slice(0, 13)))
    out.push(`Sections measured at: ${stamps.map(([section, date]) => `${section} ${date}`).join(", ")}.`, "");
  if (r.overhead !== undefined)
    out.push(
      "## Server overhead per method, and what our crypto provider saves",
      "",
      "Suite 1, encrypted handshakes. *ts-mls*: the library call on its own, with the MLSMessage encoding or decoding",
      "a server needs anyway, with ts-mls's own crypto provider and with ours (src/crypto/);",
      "*RPC*: the round trip to a child `mls-interop serve` process over loopback, started with `--crypto library`",
      "and as it runs by default (our provider); *handler*: the time the default server logged for the call (inside",
      "the process, gRPC excluded); *server CPU*: CPU time per call of the server process, all threads. Medians.",
      `Target (issue 14): the RPC within ${rpcAllowanceMs} ms of the same library call (same provider) plus the gRPC floor.`,
      "",
      ...(r.grpcFloor === undefined
        ? []
        : [
            `gRPC floor: a no-op RPC on a bare grpc-js server with the same service definition takes ${fmt(r.grpcFloor.bareMs)} ms`,
            `(median round trip, loopback); \`Name\` on ours, no MLS work, ${fmt(r.grpcFloor.oursMs)} ms.`,
            "",
          ]),
      ...overheadTable(r.overhead),
      "",
    );
  if (r.official !== undefined)
    out.push(
      "## The official matrix: selftest, and the Go runner driving the reference server and ours",
      "",
      ...officialSection(r.official),
    );
  for (const [scope, v] of Object.entries(r.mlspp ?? {}))
    out.push(
      `## As fast as the fastest stack: the Go runner driving MLSpp and ours, and selftest (${scope})`,
      "",
      ...versusSection(v),
    );
  if (r.shards !== undefined)
    out.push(
      "## The matrix fanned out: k shards at once, and the projection for k runners",
      "",
      ...shardsSection(r.shards),
    );
  if (r.matrix !== undefined)
    out.push(
      "## Matrix throughput",
      "",
      `\`mls-interop selftest --suite 1\` (both modes) over ${r.matrix.configs.join(" and ")}.`,
      "",
      ...matrixTable(r.matrix),
      "",
    );
  if (r.scale !== undefined)
    out.push(
      "## Scale",
      "",
      "A group of N created by one commit of N-1 adds by value; the creator commits with a path (an empty commit)",
      "and every other member handles it; one Protect and one Unprotect. Heap: live bytes after GC held by the N",
      "member states (server: the child process's own report).",
      "",
      ...scaleTable(r.scale),
      "",
      "![time and memory against group size](scale.svg)",
      "",
    );
  if (r.memory !== undefined) out.push("## Memory per live group state", "", ...memoryTable(r.memory), "");
  if (r.rpcProfile !== undefined) out.push("## Where each call's time goes", "", ...rpcProfileSection(r.rpcProfile));
  if (r.rejections !== undefined)
    out.push(
      "## What garbage costs: a forged signature and an HPKE ciphertext that does not open",
      "",
      "Our provider (src/crypto/) rejecting once, as it does since 9af30a5 (*after*), against the way it did before",
      "(*before*: our attempt, then ts-mls's provider asked again: its verify, or its key import and open),",
      "and ts-mls's provider alone. Milliseconds per rejected call, medians; the three variants alternate call by call",
      "in one run. A 200-byte message with one bit of its signature flipped; a 100-byte HPKE ciphertext (valid",
      "kem output) with one bit flipped.",
      "",
      ...rejectionTable(r.rejections),
      "",
    );
  return out.join("\n");
}

function rejectionTable(rows: RejectionRow[]): string[] {
  return [
    "| suite | garbage | before ms | after ms | before / after | ts-mls's provider alone ms |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.suite} | ${r.input} | ${fmtSmall(r.beforeMs)} | ${fmtSmall(r.afterMs)} | ${r.ratio.toFixed(1)}× | ${fmtSmall(r.libraryMs)} |`,
    ),
  ];
}

export function scalePlot(rows: ScaleRow[]): string {
  const creation = (side: "library" | "server") =>
    rows.map((r): [number, number] => [r.n, r[side].ms.keyPackages + r[side].ms.addCommit + r[side].ms.joins]);
  const update = (side: "library" | "server") =>
    rows.map((r): [number, number] => [r.n, r[side].ms.updateCommit + r[side].ms.handleCommits]);
  const heap = (side: "library" | "server") =>
    rows.map((r): [number, number] => [r.n, r[side].heapBytes / 1024 / 1024]);
  const timeSeries: Series[] = [
    { name: "create group: server", color: "#1f77b4", points: creation("server") },
    { name: "create group: ts-mls", color: "#1f77b4", dashed: true, points: creation("library") },
    { name: "update + all handle: server", color: "#d62728", points: update("server") },
    { name: "update + all handle: ts-mls", color: "#d62728", dashed: true, points: update("library") },
  ];
  return svgPlot([
    { title: "Time for a group of N (suite 1)", xLabel: "members N", yLabel: "ms", series: timeSeries },
    {
      title: "Heap held by the N member states",
      xLabel: "members N",
      yLabel: "MiB",
      series: [
        { name: "server", color: "#2ca02c", points: heap("server") },
        { name: "ts-mls", color: "#2ca02c", dashed: true, points: heap("library") },
      ],
    },
  ]);
}
