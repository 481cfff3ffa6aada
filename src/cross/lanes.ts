// Plays a cross run's items on lanes. A lane is one of our servers and one
// peer server; an item (a runner process) plays on one lane at a time, and
// our runner plays one run at a time on the peer (see `run`), so no peer
// server ever sees two runs at once, as with the Go runner. The lanes run in
// parallel. A peer that dies is reported and started again for the next item.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LocalServer, startLocalServers, stopLocalServers } from "../runner/local-servers.js";
import { projectRoot } from "../runner/project-root.js";
import { parseResults } from "../runner/results-file.js";
import type { PlayedRow } from "./analysis.js";
import { Command, PeerSpec, goRunner } from "./peers.js";
import type { Invocation, Item } from "./plan.js";
import { Processes, RunningServer, startServer, tail } from "./processes.js";

export interface Lane {
  index: number;
  ours: LocalServer;
  peer: RunningServer;
}

export interface LaneSetup {
  processes: Processes;
  peer: PeerSpec;
  peers: string;
  dir: string;
  /** Seconds a peer may take to answer its first Name (tsx compiles the reference server first). */
  startTimeoutMs: number;
}

export async function startPeer(setup: LaneSetup, index: number): Promise<RunningServer> {
  return startServer(
    setup.processes,
    (port) => setup.peer.command(setup.peers, port),
    join(setup.dir, `peer-lane${index}.log`),
    setup.startTimeoutMs,
  );
}

export async function startLanes(setup: LaneSetup, count: number): Promise<Lane[]> {
  const ours = await startLocalServers(count);
  const peers = await Promise.allSettled(Array.from({ length: count }, (_, i) => startPeer(setup, i + 1)));
  const failed = peers.find((p): p is PromiseRejectedResult => p.status === "rejected");
  if (failed !== undefined) {
    await stopLocalServers(ours);
    await setup.processes.stopAll();
    throw failed.reason;
  }
  return ours.map((o, i) => ({
    index: i + 1,
    ours: o,
    peer: (peers[i] as PromiseFulfilledResult<RunningServer>).value,
  }));
}

export async function stopLanes(setup: LaneSetup, lanes: readonly Lane[]): Promise<void> {
  await stopLocalServers(lanes.map((l) => l.ours));
  await setup.processes.stopAll();
}

export interface ItemContext {
  setup: LaneSetup;
  seed: number;
  timeoutS?: number;
}

function commandFor(item: Item, inv: Invocation, lane: Lane, cx: ItemContext): Command {
  const clients = [lane.ours.address, lane.peer.address];
  if (item.runner === "go") {
    return {
      file: goRunner.binary(cx.setup.peers),
      args: [
        ...clients.flatMap((c) => ["-client", c]),
        "-config",
        inv.configs[0] ?? "",
        "-suite",
        String(item.suite),
        ...(item.pass === "random" ? ["-random"] : []),
      ],
    };
  }
  return {
    file: process.execPath,
    args: [
      join(projectRoot(), "dist", "src", "cli", "main.js"),
      "run",
      ...clients.flatMap((c) => ["--client", c]),
      ...inv.configs.flatMap((c) => ["--config", c]),
      "--suite",
      String(item.suite),
      ...(item.pass === "random" ? ["--random", "--seed", String(cx.seed)] : []),
      ...(inv.shard === undefined ? [] : ["--shard", inv.shard]),
      ...(inv.scripts ?? []).flatMap((s) => ["--script", s]),
      ...(cx.timeoutS === undefined ? [] : ["--timeout", String(cx.timeoutS)]),
      "--out",
      inv.out,
      "--quiet",
    ],
  };
}

export interface ItemResult {
  rows: PlayedRow[];
  problems: string[];
}

/** Reads a runner's results file; both runners exit 1 when a run failed, which is no problem here. */
function readOutput(item: Item, inv: Invocation, exit: string): ItemResult {
  const problems: string[] = [];
  if (!existsSync(inv.out))
    return { rows: [], problems: [`${item.id}: no results (${exit}); ${inv.log}:\n${tail(inv.log)}`] };
  let rows;
  try {
    rows = parseResults(JSON.parse(readFileSync(inv.out, "utf8")), inv.out);
  } catch (error) {
    return {
      rows: [],
      problems: [
        `${item.id}: unreadable results (${exit}): ${(error as Error).message}; ${inv.log}:\n${tail(inv.log)}`,
      ],
    };
  }
  const played = rows.map((r): PlayedRow => ({
    ...r,
    runner: item.runner,
    pass: item.pass,
    config: r.config ?? inv.configName ?? "?",
  }));
  return { rows: played, problems };
}

/** Plays one item on a lane; restarts the lane's peer if it died meanwhile. */
export async function playItem(item: Item, lane: Lane, cx: ItemContext): Promise<ItemResult> {
  const { processes } = cx.setup;
  const result: ItemResult = { rows: [], problems: [] };
  for (const inv of item.invocations) {
    const child = processes.spawn(commandFor(item, inv, lane, cx), {
      log: inv.log,
      stdoutFile: item.runner === "go" ? inv.out : undefined,
    });
    const { code, signal } = await processes.exited(child);
    const exit = signal === null ? `exit ${code}` : `killed by ${signal}`;
    const read = readOutput(item, inv, exit);
    result.rows.push(...read.rows);
    result.problems.push(...read.problems);
    if (signal === null && code !== 0 && code !== 1)
      result.problems.push(`${item.id}: the runner exited with status ${code}; ${inv.log}:\n${tail(inv.log)}`);
    const peer = lane.peer.child;
    if (peer.exitCode !== null || peer.signalCode !== null) {
      result.problems.push(
        `lane ${lane.index}: the peer server died (${peer.signalCode ?? `exit ${peer.exitCode}`}) during ${item.id}` +
          `${inv.configName === undefined ? "" : ` (${inv.configName})`}; its runs since failed; ${lane.peer.log}:\n${tail(lane.peer.log)}`,
      );
      lane.peer = await startPeer(cx.setup, lane.index);
    }
  }
  return result;
}

/** Every item, largest first, each on the next free lane. */
export async function playAll(
  items: readonly Item[],
  lanes: readonly Lane[],
  cx: ItemContext,
  onDone: (item: Item, done: number) => void,
): Promise<ItemResult> {
  const all: ItemResult = { rows: [], problems: [] };
  let next = 0;
  let done = 0;
  await Promise.all(
    lanes.map(async (lane) => {
      for (let i = next++; i < items.length; i = next++) {
        const item = items[i] as Item;
        const result = await playItem(item, lane, cx);
        all.rows.push(...result.rows);
        all.problems.push(...result.problems);
        onDone(item, ++done);
      }
    }),
  );
  return all;
}
