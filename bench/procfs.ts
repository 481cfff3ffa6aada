// What /proc says about a process while it runs: CPU time, resident memory,
// children. Everything here tolerates a process that is gone by the time it
// is read (undefined, or nothing), since sampling races with exits.
import { readFileSync, readdirSync } from "node:fs";

// Clock ticks per second of /proc's utime and stime; 100 on every Linux Node runs on.
const TICKS = 100;

/** CPU seconds (user + system) the process has used, all its threads. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text !== "") out.push(...text.split(" ").map(Number));
    }
  } catch {
    // The process is gone.
  }
  return out;
}

/** The process and all its descendants (a tsx launcher and the node it starts are one server). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i] as number));
  return out;
}

/** Resident bytes of a whole process tree, or undefined once its root is gone. */
export function treeRssBytes(pid: number): number | undefined {
  const root = rssBytes(pid);
  if (root === undefined) return undefined;
  return processTree(pid)
    .slice(1)
    .reduce((sum, p) => sum + (rssBytes(p) ?? 0), root);
}

/** CPU seconds of a whole process tree (children that exited are not counted). */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + (cpuSeconds(p) ?? 0), 0);
}
