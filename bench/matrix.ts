// Section 2: wall time of `mls-interop selftest` over official configs, one
// job at a time against the default, with the CPU each process of the
// session used (read from /proc while it runs), which tells whether the
// runner, the servers or waiting is what limits it.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { cliPath } from "../src/testing/servers.js";
import { round } from "./measure.js";

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
}

// Clock ticks per second of /proc's utime and stime; 100 on every Linux Node runs on.
const TICKS = 100;

function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text !== "") out.push(...text.split(" ").map(Number));
    }
  } catch {
    // The process is gone; its children were counted on earlier polls.
  }
  return out;
}

export async function runSelftest(label: string, args: string[]): Promise<SelftestRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, "selftest", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const servers = new Map<number, number>();
  let runner = 0;
  const poll = (): void => {
    if (child.pid === undefined) return;
    runner = cpuTicks(child.pid) ?? runner;
    for (const pid of childrenOf(child.pid)) servers.set(pid, cpuTicks(pid) ?? servers.get(pid) ?? 0);
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
    runnerCpuS: round(runner / TICKS, 1),
    serversCpuS: round([...servers.values()].reduce((a, b) => a + b, 0) / TICKS, 1),
    serverProcesses: servers.size,
  };
}
