// Section 5: where a server's time goes during a real matrix. Two servers
// run under V8's CPU profiler while our runner plays external_proposals.json
// (suite 1, both modes) against them one run at a time; each sample's
// function is put in one bucket by where its code lives. Main threads only:
// WebCrypto's work on libuv's pool is not sampled, so crypto is, if
// anything, undercounted.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childServer, cliPath } from "../src/testing/servers.js";
import { round } from "./measure.js";

export const buckets = [
  "our code (dist/src)",
  "ts-mls",
  "crypto (WebCrypto bindings, @noble, @hpke)",
  "gRPC, HTTP/2, protobuf",
  "other Node internals",
  "V8: GC",
  "V8 and native code",
] as const;
export type Bucket = (typeof buckets)[number];

export interface ProfileResult {
  config: string;
  /** Busy milliseconds per bucket, both servers together. */
  ms: Record<Bucket, number>;
  busyMs: number;
  idleMs: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

export function bucketOf(functionName: string, url: string): Bucket | "idle" {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "V8: GC";
  // ts-mls's own files live under node_modules/ts-mls/dist/src/ too.
  if (url.includes("/node_modules/ts-mls/")) return "ts-mls";
  if (/\/node_modules\/@(noble|hpke)\/|node:internal\/crypto\//.test(url))
    return "crypto (WebCrypto bindings, @noble, @hpke)";
  if (
    /\/node_modules\/(@grpc|protobufjs|@protobufjs|@bufbuild)\/|node:internal\/http2\/|node:net$|node:internal\/stream/.test(
      url,
    )
  )
    return "gRPC, HTTP/2, protobuf";
  if (url.includes("/dist/src/") && !url.includes("/node_modules/")) return "our code (dist/src)";
  if (url.startsWith("node:")) return "other Node internals";
  return "V8 and native code";
}

function addProfile(file: string, ms: Record<Bucket | "idle", number>): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (frame === undefined) return;
    ms[bucketOf(frame.functionName, frame.url)] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
}

export async function profileServers(configPath: string, expectedFailures: string): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), "mls-bench-prof-"));
  try {
    const flags = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
    const servers = [await childServer([], flags), await childServer([], flags)];
    try {
      const runner = spawn(
        process.execPath,
        [
          cliPath,
          "run",
          ...servers.flatMap((s) => ["--client", s.address]),
          "--config",
          configPath,
          "--suite",
          "1",
        ].concat(["--jobs", "1", "--quiet", "--expected-failures", expectedFailures]),
        { stdio: ["ignore", "ignore", "inherit"] },
      );
      const code = await new Promise<number | null>((resolve) => runner.once("exit", resolve));
      if (code !== 0) throw new Error(`bench: the profiled run exited with ${code}`);
    } finally {
      for (const s of servers) await s.stop();
    }
    const ms = Object.fromEntries([...buckets, "idle"].map((b) => [b, 0])) as Record<Bucket | "idle", number>;
    // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: node profiles the
    // thread its module hooks run on too (the RFC codec hook), idle but for
    // loading; the servers' work is on their main threads (thread 0).
    const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && f.split(".")[4] === "0");
    if (files.length !== 2) throw new Error(`bench: expected 2 server main-thread profiles, found ${files.length}`);
    for (const f of files) addProfile(join(dir, f), ms);
    const busy = buckets.reduce((sum, b) => sum + ms[b], 0);
    return {
      config: configPath.split("/").pop() ?? configPath,
      ms: Object.fromEntries(buckets.map((b) => [b, round(ms[b], 0)])) as Record<Bucket, number>,
      busyMs: round(busy, 0),
      idleMs: round(ms.idle, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
