// bench/results.json (everything measured, for machines and later diffs),
// bench/results.md (the same as tables) and bench/scale.svg.
import type { GrpcFloor } from "./grpc-floor.js";
import type { OverheadRow } from "./overhead.js";
import { buckets, type ProfileResult } from "./profile.js";
import type { SelftestRun } from "./matrix.js";
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
  sections?: Partial<Record<"overhead" | "matrix" | "scale" | "profile", string>>;
  command: string;
  quick: boolean;
  machine: Machine;
  overhead?: OverheadRow[];
  grpcFloor?: GrpcFloor;
  matrix?: MatrixResult;
  scale?: ScaleRow[];
  memory?: StateMemory[];
  profile?: ProfileResult;
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);

function overheadTable(rows: OverheadRow[], floor: GrpcFloor | undefined): string[] {
  const aboveFloor = (r: OverheadRow): string => (floor === undefined ? "–" : (r.overheadMs - floor.bareMs).toFixed(2));
  return [
    "| method | group | library ms | server ms (RPC) | handler ms | overhead ms | above gRPC floor ms | overhead % | target | library CPU ms | server CPU ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.method} | ${r.groupSize ?? "–"} | ${fmt(r.libraryMs)} | ${fmt(r.serverMs)} | ${fmt(r.handlerMs)} | ${r.overheadMs.toFixed(2)} | ${aboveFloor(r)} | ` +
        `${Number.isFinite(r.overheadPct) ? r.overheadPct.toFixed(0) : "–"} | ${r.met ? "met" : "**missed**"} | ${fmt(r.libraryCpuMs)} | ${fmt(r.serverCpuMs)} |`,
    ),
  ];
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
      "## Server overhead per method",
      "",
      "Suite 1, encrypted handshakes. *library*: the ts-mls call on its own, with the MLSMessage encoding or decoding",
      "a server needs anyway; *server*: the RPC's round trip to a child `mls-interop serve` process over loopback;",
      "*handler*: the time the server logged for the call (inside the process, gRPC excluded); *CPU*: CPU time per",
      "call, all threads, of the bench process for the library and of the server process for the RPC. Medians.",
      "Target: overhead under 10% of the library's time, or under 0.3 ms.",
      "",
      ...(r.grpcFloor === undefined
        ? []
        : [
            `gRPC floor: a no-op RPC on a bare grpc-js server with the same service definition takes ${fmt(r.grpcFloor.bareMs)} ms`,
            `(median round trip, loopback); \`Name\` on ours, no MLS work, ${fmt(r.grpcFloor.oursMs)} ms. Every RPC pays the floor`,
            "before any work of ours; *above gRPC floor* is the overhead less that floor.",
            "",
          ]),
      ...overheadTable(r.overhead, r.grpcFloor),
      "",
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
  return out.join("\n");
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
