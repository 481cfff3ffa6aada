// bench/results.json (everything measured, for machines and later diffs),
// bench/results.md (the same as tables) and bench/scale.svg.
import type { GrpcFloor } from "./grpc-floor.js";
import { rpcAllowanceMs, type OverheadRow } from "./overhead.js";
import { buckets, type ProfileResult } from "./profile.js";
import type { SelftestRun } from "./matrix.js";
import { memoryFlat, type MemoryTrend } from "./memory.js";
import { idleTtlSeconds, sideNames, sides, type OfficialResult } from "./official.js";
import type { RejectionRow } from "./rejections.js";
import { phaseNames, phases, type ScaleRow, type StateMemory } from "./scale.js";
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
  sections?: Partial<Record<"overhead" | "official" | "matrix" | "scale" | "profile" | "rejections", string>>;
  command: string;
  quick: boolean;
  machine: Machine;
  overhead?: OverheadRow[];
  grpcFloor?: GrpcFloor;
  official?: OfficialResult;
  matrix?: MatrixResult;
  scale?: ScaleRow[];
  memory?: StateMemory[];
  profile?: ProfileResult;
  rejections?: RejectionRow[];
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

function profileTable(p: ProfileResult): string[] {
  const pct = (ms: number): string => ((100 * ms) / p.busyMs).toFixed(1);
  return [
    "| where | CPU s | % of busy |",
    "| --- | ---: | ---: |",
    ...buckets.map((b) => `| ${b} | ${(p.ms[b] / 1000).toFixed(1)} | ${pct(p.ms[b])} |`),
    `| **busy, all** | ${(p.busyMs / 1000).toFixed(1)} | 100 |`,
    `| idle (waiting for the runner, the network, WebCrypto's threads) | ${(p.idleMs / 1000).toFixed(1)} | |`,
  ];
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
  if (r.profile !== undefined)
    out.push(
      "## Where a server's time goes",
      "",
      `V8's CPU profile of both servers' main threads while our runner plays ${r.profile.config} against them (suite 1,`,
      "both modes, one run at a time); each sample counted where its function's code lives. WebCrypto's work on",
      "libuv's thread pool is not sampled.",
      "",
      ...profileTable(r.profile),
      "",
    );
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
