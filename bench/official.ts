// The official matrix, side by side: our `selftest` against the working
// group's Go runner driving ts-mls's reference server (time to a verdict),
// the Go runner driving our server against it driving the reference (the
// server alone), and every server's resident memory through the whole run.
//
// The same work on every side: the official configs less the scripts our
// expected-failures file lists (they stop early on our side, which would
// flatter us), one config at a time with the order of the three sides
// rotating from config to config, so that drift in the machine's load hits
// them alike. Each side gets two server processes, as the matrix of every
// assignment is built over two servers.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadExpectations, type ExpectedFailure } from "../src/runner/expectations.js";
import { childServer, type ChildServer } from "../src/testing/servers.js";
import { runSelftest } from "./matrix.js";
import { round } from "./measure.js";
import { RssSampler, memoryTrend, type MemoryTrend } from "./memory.js";
import { findPeers, runGoRunner, startStack, type GoRun, type PeerServer, type Peers } from "./peers.js";

export const sides = ["selftest", "go-reference", "go-ours"] as const;
export type Side = (typeof sides)[number];

export const sideNames: Record<Side, string> = {
  selftest: "our `selftest` (its own two servers)",
  "go-reference": "Go runner → reference server ×2",
  "go-ours": "Go runner → our server ×2",
};

export interface ConfigRun {
  config: string;
  side: Side;
  wallMs: number;
  runs: number;
  passed: number;
  failed: number;
  /** CPU seconds of the two servers during the run, and of the runner (selftest's own process, or the Go runner). */
  serversCpuS: number;
  runnerCpuS: number;
  topErrors: Array<{ message: string; count: number }>;
}

/** A side's runs over every config, summed. */
export type SideTotal = Omit<ConfigRun, "config" | "topErrors">;

/** Our Go-driven servers' SIGUSR2 line after each config. */
export interface HandleCheck {
  server: string;
  afterConfig: string;
  liveHandles: Record<string, number>;
  importedKeys: { private: number; public: number };
  /** Calls our crypto provider handed to the library's so far (see libraryFallbacks). */
  cryptoFallbacks: Record<string, number>;
  heapUsedBytes: number;
}

export interface OfficialResult {
  /** Set when the section could not run, with the reason. */
  skipped?: string;
  scope: string;
  configs: Array<{ config: string; scripts: number; excluded: string[] }>;
  runs: ConfigRun[];
  totals: SideTotal[];
  /** Reference time over selftest time, and over the Go runner driving ours. */
  selftestSpeedup: number;
  serverSpeedup: number;
  /** Spawn to listening line: the reference (tsx compiles at start) and ours, the slower of each pair. */
  startupMs: { reference: number; ours: number };
  memory: MemoryTrend[];
  /** Selftest's servers, one entry per config: peak resident bytes. */
  selftestMemory: Array<{ config: string; peakBytes: number }>;
  /**
   * After the alternated configs, one selftest over all of them at once (as a
   * user runs it): its time, and its servers' memory through the whole session.
   */
  selftestSession?: Omit<ConfigRun, "config" | "side" | "topErrors"> & { memory: MemoryTrend[] };
  handles: HandleCheck[];
  /** After the last config, once --idle-ttl has passed: what each of our servers still held, and when. */
  finalHandles: Array<HandleCheck & { afterSeconds: number }>;
}

/**
 * Our Go-driven servers' --idle-ttl. The Go runner frees only each actor's
 * final state: states a branch, reinit or external join left behind, and
 * every external signer, stay on any server. A run never leaves a handle of
 * its own untouched this long, so nothing a run still needs is dropped.
 */
export const idleTtlSeconds = 60;

export interface OfficialOptions {
  /** The stacks file naming the Go runner and the reference server (`ts-mls-reference`), and its {root} and {peers}. */
  stacksFile: string;
  root: string;
  peersDir: string | undefined;
  configsDir: string;
  expectedFailures: string;
  quick: boolean;
  log: (line: string) => void;
}

/**
 * Copies of the configs without the scripts expected to fail on our server
 * (entries for a whole script; entries for one suite or mode cannot be cut
 * out of a config, so those scripts stay and show in the pass counts).
 */
export function filterConfigs(
  configs: Array<{ name: string; text: string }>,
  expected: readonly ExpectedFailure[],
): Array<{ name: string; text: string; scripts: number; excluded: string[] }> {
  return configs.map(({ name, text }) => {
    const parsed = JSON.parse(text) as { scripts: Record<string, unknown> };
    const excluded = expected
      .filter((e) => e.config === name && e.suite === undefined && e.encrypt === undefined)
      .map((e) => e.script)
      .filter((s) => Object.hasOwn(parsed.scripts, s));
    const scripts = Object.fromEntries(Object.entries(parsed.scripts).filter(([s]) => !excluded.includes(s)));
    return {
      name,
      text: JSON.stringify({ ...parsed, scripts }, null, 2),
      scripts: Object.keys(scripts).length,
      excluded,
    };
  });
}

/** Runs, passed and failed from selftest's last line ("546 runs in 42s: 406 passed, 0 failed, ..."). */
export function parseSelftestSummary(line: string): { runs: number; passed: number; failed: number } | undefined {
  const m = /^(\d+) runs in \S+: (\d+) passed, (\d+) failed/.exec(line);
  return m === null ? undefined : { runs: Number(m[1]), passed: Number(m[2]), failed: Number(m[3]) };
}

async function statsLine(server: ChildServer, label: string, afterConfig: string): Promise<HandleCheck> {
  const before = server.output().length;
  server.process.kill("SIGUSR2");
  for (let waited = 0; waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = server
      .output()
      .slice(before)
      .split("\n")
      .find((l) => l.includes('"msg":"live handles"'));
    if (line !== undefined) {
      const parsed = JSON.parse(line) as Omit<HandleCheck, "server" | "afterConfig">;
      return {
        server: label,
        afterConfig,
        liveHandles: parsed.liveHandles,
        importedKeys: parsed.importedKeys,
        cryptoFallbacks: parsed.cryptoFallbacks ?? {},
        heapUsedBytes: parsed.heapUsedBytes,
      };
    }
  }
  throw new Error(`bench: ${label} did not report its handles`);
}

const isEmpty = (h: HandleCheck): boolean =>
  Object.keys(h.liveHandles).length === 0 && h.importedKeys.private === 0 && h.importedKeys.public === 0;

/**
 * Polls our servers until they hold no handle and no imported key, at most
 * the idle TTL plus its sweep interval plus a margin. Imported keys go once
 * the states that used them are collected (the key cache's weak ties), which
 * the SIGUSR2 line's GC brings about.
 */
async function waitForEmpty(
  servers: readonly ChildServer[],
  labels: readonly string[],
): Promise<Array<HandleCheck & { afterSeconds: number }>> {
  const started = performance.now();
  const deadlineS = idleTtlSeconds * 1.25 + 1 + 15;
  const out: Array<HandleCheck & { afterSeconds: number }> = [];
  for (const [i, server] of servers.entries()) {
    for (;;) {
      const check = await statsLine(server, labels[i] as string, "the end");
      const afterSeconds = round((performance.now() - started) / 1000, 0);
      if (isEmpty(check) || afterSeconds > deadlineS) {
        out.push({ ...check, afterSeconds });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  return out;
}

function skipped(reason: string): OfficialResult {
  return {
    skipped: reason,
    scope: "",
    configs: [],
    runs: [],
    totals: [],
    selftestSpeedup: Number.NaN,
    serverSpeedup: Number.NaN,
    startupMs: { reference: Number.NaN, ours: Number.NaN },
    memory: [],
    selftestMemory: [],
    handles: [],
    finalHandles: [],
  };
}

function fromGo(config: string, side: Side, run: GoRun): ConfigRun {
  return {
    config,
    side,
    wallMs: round(run.wallMs, 0),
    runs: run.runs,
    passed: run.passed,
    failed: run.failed,
    serversCpuS: round(run.serversCpuS, 1),
    runnerCpuS: round(run.runnerCpuS, 1),
    topErrors: run.topErrors,
  };
}

export async function officialMatrix(o: OfficialOptions): Promise<OfficialResult> {
  const peers = findPeers(o.stacksFile, o.root, o.peersDir, ["ts-mls-reference"]);
  if ("missing" in peers) return skipped(peers.missing);
  let configFiles: string[];
  try {
    configFiles = readdirSync(o.configsDir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return skipped(`no official configs at ${o.configsDir}`);
  }
  const filtered = filterConfigs(
    configFiles.map((name) => ({ name, text: readFileSync(join(o.configsDir, name), "utf8") })),
    loadExpectations(o.expectedFailures),
  );
  const dir = mkdtempSync(join(tmpdir(), "mls-bench-official-"));
  try {
    for (const f of filtered) writeFileSync(join(dir, f.name), f.text);
    return await play(peers, dir, filtered, o);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function play(
  peers: Peers,
  dir: string,
  filtered: ReturnType<typeof filterConfigs>,
  o: OfficialOptions,
): Promise<OfficialResult> {
  // --quick: suite 1 and one random assignment per script and mode, on both runners.
  const goExtra = o.quick ? ["-suite", "1", "-random"] : [];
  const selftestExtra = o.quick ? ["--suite", "1", "--random", "--seed", "1"] : [];
  const scope = o.quick
    ? "suite 1, both modes, one random assignment per script (--quick)"
    : "suites 1-7, both modes, every assignment of two servers";

  const reference: PeerServer[] = [];
  const ours: ChildServer[] = [];
  const runs: ConfigRun[] = [];
  const handles: HandleCheck[] = [];
  const selftestMemory: OfficialResult["selftestMemory"] = [];
  let sampler: RssSampler | undefined;
  try {
    o.log("  starting two reference servers and two of ours");
    for (let i = 0; i < 2; i++) reference.push(await startStack(peers, "ts-mls-reference"));
    // Our server as an operator runs it for a long Go runner session: info (a
    // log line per RPC) and --idle-ttl (see idleTtlSeconds); --expose-gc so
    // the between-config SIGUSR2 line weighs live objects only.
    const flags = ["--log-level", "info", "--stats-interval", "0", "--idle-ttl", String(idleTtlSeconds)];
    let oursStartupMs = 0;
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      ours.push(await childServer(flags, ["--expose-gc"]));
      oursStartupMs = Math.max(oursStartupMs, performance.now() - started);
    }
    const labels = {
      reference: ["reference server 1", "reference server 2"],
      ours: ["our server 1", "our server 2"],
    };
    sampler = new RssSampler([
      ...reference.map((s, i) => ({ label: labels.reference[i] as string, pid: s.process.pid as number })),
      ...ours.map((s, i) => ({ label: labels.ours[i] as string, pid: s.process.pid as number })),
    ]);

    for (const [i, f] of filtered.entries()) {
      const config = join(dir, f.name);
      // Rotated per config: selftest first, then reference first, then ours first, ...
      const order = sides.map((_, k) => sides[(i + k) % sides.length] as Side);
      for (const side of order) {
        o.log(`  ${f.name}: ${side}`);
        let run: ConfigRun;
        if (side === "selftest") {
          sampler.setActive([]);
          const st = await runSelftest(side, ["--config", config, "--quiet", ...selftestExtra]);
          const counts = parseSelftestSummary(st.summary);
          if (counts === undefined) throw new Error(`bench: selftest over ${f.name} ended with "${st.summary}"`);
          run = {
            config: f.name,
            side,
            wallMs: st.wallMs,
            ...counts,
            serversCpuS: st.serversCpuS,
            runnerCpuS: st.runnerCpuS,
            topErrors: [],
          };
          selftestMemory.push({ config: f.name, peakBytes: Math.max(0, ...st.serverRss.flat().map(([, b]) => b)) });
        } else {
          const servers = side === "go-reference" ? reference : ours;
          sampler.setActive(side === "go-reference" ? labels.reference : labels.ours);
          run = fromGo(f.name, side, await runGoRunner(peers, servers, config, goExtra));
          sampler.setActive([]);
          if (side === "go-ours")
            for (const [k, s] of ours.entries()) handles.push(await statsLine(s, labels.ours[k] as string, f.name));
        }
        runs.push(run);
        o.log(`    ${(run.wallMs / 1000).toFixed(1)} s: ${run.runs} runs, ${run.passed} passed, ${run.failed} failed`);
      }
    }
    o.log(`  waiting for our servers to drop what the Go runner left (--idle-ttl ${idleTtlSeconds})`);
    const finalHandles = await waitForEmpty(ours, labels.ours);
    o.log("  selftest over every config at once");
    sampler.setActive([]);
    const session = await runSelftest("selftest", ["--config", dir, "--quiet", ...selftestExtra]);
    const sessionCounts = parseSelftestSummary(session.summary);
    if (sessionCounts === undefined)
      throw new Error(`bench: selftest over every config ended with "${session.summary}"`);
    o.log(`    ${(session.wallMs / 1000).toFixed(1)} s: ${session.summary}`);
    const selftestSession = {
      wallMs: session.wallMs,
      ...sessionCounts,
      serversCpuS: session.serversCpuS,
      runnerCpuS: session.runnerCpuS,
      memory: session.serverRss
        .map((samples, k) => memoryTrend({ label: `selftest server ${k + 1}`, samples }))
        .filter((t): t is MemoryTrend => t !== undefined),
    };
    const memory = sampler
      .stop()
      .map((series) => memoryTrend(series))
      .filter((t): t is MemoryTrend => t !== undefined);
    sampler = undefined;
    const totals = sides.map((side): SideTotal => {
      const mine = runs.filter((r) => r.side === side);
      const sum = (f: (r: ConfigRun) => number) => mine.reduce((s, r) => s + f(r), 0);
      return {
        side,
        wallMs: sum((r) => r.wallMs),
        runs: sum((r) => r.runs),
        passed: sum((r) => r.passed),
        failed: sum((r) => r.failed),
        serversCpuS: round(
          sum((r) => r.serversCpuS),
          1,
        ),
        runnerCpuS: round(
          sum((r) => r.runnerCpuS),
          1,
        ),
      };
    });
    const wall = (side: Side) => totals.find((t) => t.side === side)?.wallMs ?? Number.NaN;
    return {
      scope,
      configs: filtered.map(({ name, scripts, excluded }) => ({ config: name, scripts, excluded })),
      runs,
      totals,
      selftestSpeedup: round(wall("go-reference") / wall("selftest"), 2),
      serverSpeedup: round(wall("go-reference") / wall("go-ours"), 2),
      startupMs: {
        reference: round(Math.max(...reference.map((r) => r.startupMs)), 0),
        ours: round(oursStartupMs, 0),
      },
      memory,
      selftestMemory,
      handles,
      finalHandles,
      selftestSession,
    };
  } finally {
    sampler?.stop();
    await Promise.all([...reference.map((s) => s.stop()), ...ours.map((s) => s.stop())]);
  }
}
