// The working group's Go test runner and ts-mls's reference interop server,
// built outside this project (../shared/peers/build.sh) into a peers folder:
// found, started and read here, never built.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { cpuSeconds, treeCpuSeconds } from "./procfs.js";

export interface Peers {
  goRunner: string;
  /** Folder of the reference server (ts-mls's interop/), run with tsx. */
  referenceDir: string;
}

/** The peers in `dir`, or the reason they cannot be used. */
export function findPeers(dir: string): Peers | { missing: string } {
  const goRunner = join(dir, "bin", "test-runner");
  const referenceDir = join(dir, "ts-mls", "interop");
  try {
    accessSync(goRunner, constants.X_OK);
  } catch {
    return { missing: `no executable Go test runner at ${goRunner} (build it with ../shared/peers/build.sh runner)` };
  }
  for (const file of ["src/server.ts", "node_modules/.bin/tsx"])
    if (!existsSync(join(referenceDir, file)))
      return {
        missing: `no ts-mls reference server at ${referenceDir} (build it with ../shared/peers/build.sh tsmls)`,
      };
  return { goRunner, referenceDir };
}

export interface PeerServer {
  address: string;
  process: ChildProcess;
  /** Milliseconds from spawning to the listening line. */
  startupMs: number;
  stop(): Promise<void>;
}

/** One reference server on a free port, as the peers' build script documents it: `tsx src/server.ts -p PORT`. */
export async function startReferenceServer(peers: Peers): Promise<PeerServer> {
  const started = performance.now();
  const child = spawn(process.execPath, ["node_modules/.bin/tsx", "src/server.ts", "-p", "0"], {
    cwd: peers.referenceDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${output}`)), 60_000);
    const onData = (chunk: string): void => {
      output += chunk;
      const match = /listening on [^:\s]+:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output = (output + chunk).slice(-10_000)));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited with ${code}:\n${output}`));
    });
  });
  // Its error lines are not read any further; drained so it never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    address: `127.0.0.1:${port}`,
    process: child,
    startupMs: performance.now() - started,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      // tsx passes the signal on to the node process running the server.
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs and failures of a Go runner session, counted from its results JSON as it streams by. */
export class GoResultCounter {
  runs = 0;
  failed = 0;
  /** Failure messages with how often each occurred. */
  readonly errors = new Map<string, number>();
  private partial = "";

  // The runner prints json.MarshalIndent(results, "", "  "): a run's own
  // fields sit 8 spaces deep, transcript entries (which also hold
  // cipher_suite) deeper, so indentation tells them apart without parsing
  // what can be hundreds of megabytes.
  push(chunk: string): void {
    const lines = (this.partial + chunk).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith('        "cipher_suite": ')) this.runs++;
      else if (line.startsWith('        "error": ')) {
        this.failed++;
        const message = JSON.parse(line.slice(17).replace(/,$/, "")) as string;
        this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
      }
    }
  }

  get passed(): number {
    return this.runs - this.failed;
  }
}

export interface GoRun {
  wallMs: number;
  exitCode: number | null;
  runs: number;
  passed: number;
  failed: number;
  /** The most frequent failure messages, for the report. */
  topErrors: Array<{ message: string; count: number }>;
  /** CPU seconds the servers used during the run, all processes together, and the runner's. */
  serversCpuS: number;
  runnerCpuS: number;
}

/** One Go runner session over `config` against `clients`, timed from spawn to exit. */
export async function runGoRunner(
  peers: Peers,
  clients: ReadonlyArray<{ address: string; process: ChildProcess }>,
  config: string,
  extra: readonly string[],
): Promise<GoRun> {
  const cpuBefore = clients.reduce((sum, c) => sum + treeCpuSeconds(c.process.pid as number), 0);
  const started = performance.now();
  const child = spawn(
    peers.goRunner,
    [...clients.flatMap((c) => ["-client", c.address]), "-config", config, ...extra],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const counter = new GoResultCounter();
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => counter.push(chunk));
  // Read while it runs: /proc forgets a process's CPU time once it has exited.
  let runnerCpuS = 0;
  const timer = setInterval(() => (runnerCpuS = cpuSeconds(child.pid as number) ?? runnerCpuS), 250);
  // One "Test failed" log line per failed run; the counts come from the JSON.
  child.stderr.resume();
  // "close", not "exit": the verdict is in once the last of stdout is read.
  const exitCode = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const wallMs = performance.now() - started;
  clearInterval(timer);
  const cpuAfter = clients.reduce((sum, c) => sum + treeCpuSeconds(c.process.pid as number), 0);
  counter.push("\n");
  return {
    wallMs,
    exitCode,
    runs: counter.runs,
    passed: counter.passed,
    failed: counter.failed,
    topErrors: [...counter.errors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([message, count]) => ({ message, count })),
    serversCpuS: cpuAfter - cpuBefore,
    runnerCpuS,
  };
}
