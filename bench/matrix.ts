// `mls-interop selftest` as a child process: its wall time, with the CPU each
// process of the session used and its servers' resident memory (read from
// /proc while it runs), which tell whether the runner, the servers or
// waiting is what limits it, and whether the servers' memory stays flat.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { cliPath } from "../src/testing/servers.js";
import { round } from "./measure.js";
import { childrenOf, cpuSeconds, rssBytes } from "./procfs.js";

export interface SelftestRun {
  label: string;
  args: string[];
  wallMs: number;
  exitCode: number | null;
  /** The session's last line: runs, passed, failed. */
  summary: string;
  /** CPU seconds of the runner (the selftest process) and of all its servers together. */
  runnerCpuS: number;
  serversCpuS: number;
  serverProcesses: number;
  /** Resident bytes of each server process over the run: [seconds since start, bytes]. */
  serverRss: Array<Array<[number, number]>>;
}

export async function runSelftest(label: string, args: string[]): Promise<SelftestRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, "selftest", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const servers = new Map<number, number>();
  const rss = new Map<number, Array<[number, number]>>();
  let runner = 0;
  let polls = 0;
  const poll = (): void => {
    if (child.pid === undefined) return;
    runner = cpuSeconds(child.pid) ?? runner;
    const memory = polls++ % 4 === 0;
    for (const pid of childrenOf(child.pid)) {
      servers.set(pid, cpuSeconds(pid) ?? servers.get(pid) ?? 0);
      const bytes = memory ? rssBytes(pid) : undefined;
      if (bytes !== undefined) {
        const series = rss.get(pid) ?? [];
        series.push([round((performance.now() - started) / 1000, 1), bytes]);
        rss.set(pid, series);
      }
    }
  };
  const timer = setInterval(poll, 250);
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  clearInterval(timer);
  const wallMs = performance.now() - started;
  const lines = stderr.trim().split("\n");
  return {
    label,
    args,
    wallMs: round(wallMs, 0),
    exitCode,
    summary: lines[lines.length - 1] ?? "",
    runnerCpuS: round(runner, 1),
    serversCpuS: round(
      [...servers.values()].reduce((a, b) => a + b, 0),
      1,
    ),
    serverProcesses: servers.size,
    serverRss: [...rss.values()],
  };
}
