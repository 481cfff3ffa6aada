// Where each method's time goes: the samples of a CPU profile of our server
// (profiled-server.ts) put in the call that was running when they were taken
// and, within it, in a bucket by the home of the function on top of the
// stack. Samples outside every call are the transport's (grpc-js decoding
// and answering, HTTP/2) or idle.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitUntilServing } from "../src/cross/processes.js";
import { findPeers, runGoRunner } from "./peers.js";

export const rpcBuckets = [
  "our code",
  "ts-mls codec",
  "ts-mls",
  "crypto",
  "gRPC, HTTP/2, protobuf",
  "GC",
  "other",
] as const;
export type RpcBucket = (typeof rpcBuckets)[number];

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber?: number;
}

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Span {
  method: string;
  /** Microseconds on the profile's clock. */
  start: number;
  end: number;
  ok: boolean;
}

export interface MethodProfile {
  method: string;
  calls: number;
  /** Sum of the calls' durations, handler start to end. */
  wallMs: number;
  /** Busy (non-idle) sampled milliseconds inside the calls, by bucket. */
  ms: Record<RpcBucket, number>;
  busyMs: number;
  /** The functions with the most self time inside this method's calls: "name file:line" → ms. */
  top: Array<{ frame: string; ms: number }>;
}

export interface RpcProfile {
  methods: MethodProfile[];
  /** Busy samples outside every call, by bucket (mostly the transport). */
  outside: Record<RpcBucket, number>;
  busyMs: number;
  idleMs: number;
}

/** The bucket of a sample by its top frame, or idle. */
export function rpcBucketOf(functionName: string, url: string): RpcBucket | "idle" {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "GC";
  if (url.includes("/node_modules/ts-mls/")) return url.includes("/src/codec/") ? "ts-mls codec" : "ts-mls";
  if (/\/node_modules\/@(noble|hpke)\/|node:internal\/crypto\//.test(url) || /\/dist\/src\/crypto\//.test(url))
    return "crypto";
  if (
    /\/node_modules\/(@grpc|protobufjs|@protobufjs|@bufbuild)\/|node:internal\/http2\/|node:net$|node:internal\/stream|\/dist\/src\/gen\//.test(
      url,
    )
  )
    return "gRPC, HTTP/2, protobuf";
  if (url.includes("/dist/src/") && !url.includes("/node_modules/")) return "our code";
  return "other";
}

const zero = (): Record<RpcBucket, number> =>
  Object.fromEntries(rpcBuckets.map((b) => [b, 0])) as Record<RpcBucket, number>;

function frameName(f: CallFrame): string {
  const file = f.url.replace(/^.*\/(node_modules|dist)\//, "").replace(/^node:internal\//, "node:");
  return `${f.functionName || "(anonymous)"} ${file}:${(f.lineNumber ?? -1) + 1}`;
}

/** Spans sorted by start and not overlapping (one call at a time); the last one wins an overlap. */
export function attribute(profile: CpuProfile, spans: readonly Span[], topN = 8): RpcProfile {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  // A native function (no url: a crypto job's run, a key's init, a builtin)
  // counts where its nearest caller with a url lives, and is named after both.
  const homeOf = (id: number): { bucket: RpcBucket | "idle"; name: string } => {
    const top = frames.get(id) as CallFrame;
    if (top.url !== "" || top.functionName.startsWith("("))
      return { bucket: rpcBucketOf(top.functionName, top.url), name: frameName(top) };
    for (let p = parents.get(id); p !== undefined; p = parents.get(p)) {
      const caller = frames.get(p) as CallFrame;
      if (caller.url !== "")
        return {
          bucket: rpcBucketOf(caller.functionName, caller.url),
          name: `${top.functionName} < ${frameName(caller)}`,
        };
    }
    return { bucket: "other", name: top.functionName };
  };
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const perMethod = new Map<string, { ms: Record<RpcBucket, number>; self: Map<string, number> }>();
  const outside = zero();
  let idleMs = 0;
  let time = profile.startTime;
  let k = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (!frames.has(id)) return;
    const { bucket, name } = homeOf(id);
    // A sample covers the interval before it.
    const ms = delta / 1000;
    if (bucket === "idle") {
      idleMs += ms;
      return;
    }
    while (k < sorted.length && (sorted[k] as Span).end < time) k++;
    const span = sorted[k];
    if (span === undefined || span.start > time) {
      outside[bucket] += ms;
      return;
    }
    const entry = perMethod.get(span.method) ?? { ms: zero(), self: new Map<string, number>() };
    perMethod.set(span.method, entry);
    entry.ms[bucket] += ms;
    entry.self.set(name, (entry.self.get(name) ?? 0) + ms);
  });
  const methods = [...new Set(spans.map((s) => s.method))].map((method): MethodProfile => {
    const mine = spans.filter((s) => s.method === method);
    const entry = perMethod.get(method) ?? { ms: zero(), self: new Map<string, number>() };
    return {
      method,
      calls: mine.length,
      wallMs: mine.reduce((sum, s) => sum + (s.end - s.start) / 1000, 0),
      ms: entry.ms,
      busyMs: rpcBuckets.reduce((sum, b) => sum + entry.ms[b], 0),
      top: [...entry.self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, topN)
        .map(([frame, ms]) => ({ frame, ms })),
    };
  });
  methods.sort((a, b) => b.busyMs - a.busyMs);
  const busyMs = methods.reduce((sum, m) => sum + m.busyMs, 0) + rpcBuckets.reduce((s, b) => s + outside[b], 0);
  return { methods, outside, busyMs, idleMs };
}

export interface RpcProfileResult extends RpcProfile {
  skipped?: string;
  scope: string;
  configs: string[];
  runs: number;
  failed: number;
  wallMs: number;
}

export interface RpcProfileOptions {
  stacksFile: string;
  root: string;
  peersDir: string | undefined;
  configsDir: string;
  suite: number;
  log: (line: string) => void;
}

/**
 * The Go runner (the stacks file's) plays every config of `configsDir` in
 * one suite against one profiled server of ours (profiled-server.ts), both
 * client slots on it: one call at a time, so every sample has its call.
 */
export async function profileMatrix(o: RpcProfileOptions): Promise<RpcProfileResult> {
  const scope = `suite ${o.suite}`;
  const empty = {
    scope,
    configs: [],
    runs: 0,
    failed: 0,
    wallMs: 0,
    methods: [],
    outside: zero(),
    busyMs: 0,
    idleMs: 0,
  };
  const peers = findPeers(o.stacksFile, o.root, o.peersDir, []);
  if ("missing" in peers) return { ...empty, skipped: peers.missing };
  const configs = readdirSync(o.configsDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), "mls-bench-rpc-profile-"));
  try {
    const out = join(dir, "profile.json");
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("./profiled-server.js", import.meta.url)), "--port", String(port), "--out", out],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-10_000)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let runs = 0;
    let failed = 0;
    let wallMs = 0;
    try {
      await waitUntilServing(`127.0.0.1:${port}`, child, 30_000, "the profiled server's stderr");
      const server = { address: `127.0.0.1:${port}`, process: child };
      for (const config of configs) {
        o.log(`  ${config}`);
        const go = await runGoRunner(peers, [server, server], join(o.configsDir, config), ["-suite", String(o.suite)]);
        runs += go.runs;
        failed += go.failed;
        wallMs += go.wallMs;
      }
    } finally {
      child.kill("SIGINT");
    }
    if ((await exited) !== 0) throw new Error(`bench: the profiled server failed:\n${stderr}`);
    const { profile, spans } = JSON.parse(readFileSync(out, "utf8")) as { profile: CpuProfile; spans: Span[] };
    return { scope, configs, runs, failed, wallMs, ...attribute(profile, spans) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
