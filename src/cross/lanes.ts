// Plays a cross run's items on lanes. A lane is one of our servers and one
// peer server; an item (a runner process) plays on one lane at a time, and
// our runner plays one run at a time on the peer (see `run`), so no peer
// server ever sees two runs at once, as with the Go runner. The lanes run in
// parallel. Each item gets a freshly started peer; one that dies during an
// item is reported.
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LocalServer, startLocalServers, stopLocalServers } from "../runner/local-servers.js";
import { projectRoot } from "../runner/project-root.js";
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

/** A runner's results file, and what it holds (the Go runner's names no config). */
export interface Output {
  /** Relative to the results folder. */
  file: string;
  runner: Item["runner"];
  pass: Item["pass"];
  configName?: string;
}

export interface ItemResult {
  outputs: Output[];
  problems: string[];
}

/** Plays one item on a lane; restarts the lane's peer if it died meanwhile. */
export async function playItem(item: Item, lane: Lane, cx: ItemContext): Promise<ItemResult> {
  const { processes } = cx.setup;
  const result: ItemResult = { outputs: [], problems: [] };
  for (const inv of item.invocations) {
    const child = processes.spawn(commandFor(item, inv, lane, cx), {
      log: inv.log,
      stdoutFile: item.runner === "go" ? inv.out : undefined,
    });
    const { code, signal } = await processes.exited(child);
    // Both runners exit 1 when a run failed, which is what this command is here to see.
    const written = existsSync(inv.out) && statSync(inv.out).size > 0;
    if (signal !== null || (code !== 0 && code !== 1) || !written) {
      const exit = signal === null ? `exit status ${code}` : `killed by ${signal}`;
      result.problems.push(`${item.id}: the runner failed (${exit}); ${inv.log}:\n${tail(inv.log)}`);
    }
    if (written)
      result.outputs.push({
        file: relative(cx.setup.dir, inv.out),
        runner: item.runner,
        pass: item.pass,
        configName: inv.configName,
      });
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
  const all: ItemResult = { outputs: [], problems: [] };
  let next = 0;
  let done = 0;
  await Promise.all(
    lanes.map(async (lane) => {
      for (let i = next++, first = true; i < items.length; i = next++, first = false) {
        const item = items[i] as Item;
        // A fresh peer per item: MLSpp keeps every state the Go runner does
        // not free (all but each actor's last) and derives state ids from 32
        // bits of the epoch authenticator, so a long-lived one collides
        // sooner or later and answers with another group's state.
        if (!first) {
          await cx.setup.processes.stop(lane.peer.child);
          lane.peer = await startPeer(cx.setup, lane.index);
        }
        const result = await playItem(item, lane, cx);
        all.outputs.push(...result.outputs);
        all.problems.push(...result.problems);
        onDone(item, ++done);
      }
    }),
  );
  return all;
}
