// The stacks the bench plays besides ours, taken from the stacks file cross
// reads (configs/stacks/local.json, src/cross/stacks.ts): the working group's
// Go runner is its `runner` entry, MLSpp and ts-mls's reference server its
// stacks `mlspp` and `ts-mls-reference`, our own server its stack `ours`.
// Each is found, started and read here, never built.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Processes, freePort, tail, waitUntilServing } from "../src/cross/processes.js";
import {
  HOST,
  defaultPlaces,
  expand,
  loadStacks,
  runnerUnavailable,
  startCommand,
  unavailable,
  type Placeholders,
  type Stack,
  type StacksFile,
} from "../src/cross/stacks.js";
import { cpuSeconds, treeCpuSeconds } from "./procfs.js";

export interface Peers {
  /** The Go runner's command line, placeholders filled. */
  goRunner: string[];
  stacks: StacksFile;
  places: Placeholders;
  /** Where the servers' logs go. */
  logDir: string;
}

/** The stacks file's runner and stacks, or the reason they cannot be used. */
export function findPeers(
  stacksFile: string,
  root: string,
  peersDir: string | undefined,
  need: readonly string[],
): Peers | { missing: string } {
  let stacks: StacksFile;
  try {
    stacks = loadStacks(stacksFile);
  } catch (error) {
    return { missing: (error as Error).message };
  }
  const places = defaultPlaces(root, stacksFile, peersDir);
  const noRunner = runnerUnavailable(stacks.runner, places);
  if (noRunner !== undefined) return { missing: `the Go runner of ${stacksFile}: ${noRunner}` };
  for (const id of need) {
    const stack = stacks.stacks.find((s) => s.id === id);
    if (stack === undefined) return { missing: `${stacksFile} declares no stack "${id}"` };
    const why = unavailable(stack, places);
    if (why !== undefined) return { missing: `${stack.name} (${id}) is not available: ${why}` };
  }
  return {
    goRunner: (stacks.runner?.command ?? []).map((a) => expand(a, places)),
    stacks,
    places,
    logDir: mkdtempSync(join(tmpdir(), "mls-bench-stacks-")),
  };
}

export interface PeerServer {
  id: string;
  address: string;
  process: ChildProcess;
  /** Milliseconds from spawning to answering Name. */
  startupMs: number;
  /** CPU seconds of its whole process tree so far (a tsx launcher and the node it starts are one server). */
  cpuSeconds(): number;
  /** The last lines it logged. */
  logTail(): string;
  stop(): Promise<void>;
}

const processes = new Processes();

/** A declared stack on a free port, as its start command says, once it answers Name. */
export async function startStack(peers: Peers, id: string): Promise<PeerServer> {
  const stack = peers.stacks.stacks.find((s) => s.id === id) as Stack;
  if (stack.start === undefined) throw new Error(`bench: ${id} is declared by address; the bench starts its servers`);
  const port = await freePort();
  const log = join(peers.logDir, `${id}-${port}.log`);
  const started = performance.now();
  const child = processes.spawn(startCommand(stack.start, peers.places, port), { log, group: true });
  try {
    await waitUntilServing(`${HOST}:${port}`, child, stack.start.timeoutS * 1000, log);
  } catch (error) {
    await processes.stop(child);
    throw error;
  }
  return {
    id,
    address: `${HOST}:${port}`,
    process: child,
    startupMs: performance.now() - started,
    cpuSeconds: () => treeCpuSeconds(child.pid as number),
    logTail: () => tail(log),
    stop: () => processes.stop(child),
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
  // Two client slots on one server are one process to read.
  const servers = [...new Set(clients.map((c) => c.process.pid as number))];
  const serversCpu = (): number => servers.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  const cpuBefore = serversCpu();
  const started = performance.now();
  const [program, ...args] = peers.goRunner as [string, ...string[]];
  const child = spawn(
    program,
    [...args, ...clients.flatMap((c) => ["-client", c.address]), "-config", config, ...extra],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
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
  const cpuAfter = serversCpu();
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
