// Plays a cross run's items, up to --lanes of them at once. Each item gets
// freshly started servers of its combination's stacks (MLSpp keeps every
// state a runner does not free and derives state ids from 32 bits of the
// epoch authenticator, so a long-lived one collides sooner or later), plays
// its runner on them and stops them. Our runner plays in this process over
// supervised servers: a server that crashes, panics or hangs fails the run
// it happened in, with what its log said, and is started again for the next
// run. The Go runner plays as a child process; a server that dies under it
// is restarted on the same port, which it reaches again.
import type { ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { relative } from "node:path";
import { Writable } from "node:stream";
import { Connection } from "../runner/connection.js";
import type { ServerEvent } from "../runner/engine.js";
import { directPlan, type RunSupervisor, type ServerPlan } from "../runner/server-plan.js";
import { execute, prepare, type SessionOptions } from "../runner/session.js";
import type { Item, Invocation } from "./plan.js";
import { Processes, tail } from "./processes.js";
import { StackInstance, crashSummary } from "./stack-instance.js";
import { expand, type GoRunnerSpec, type Placeholders, type Stack } from "./stacks.js";

export interface PlayContext {
  processes: Processes;
  stacks: ReadonlyMap<string, Stack>;
  places: Placeholders;
  runner?: GoRunnerSpec;
  seed: number;
  timeoutMs: number;
  /** Our runner's concurrent runs in one item (a stack's runs_at_once still caps its share). */
  jobs: number;
  signal: AbortSignal;
  encryptModes: boolean[];
  /** One run to play again: actor → matrix label, per combination. */
  assignment?: (combo: Item["combo"]) => Record<string, string> | undefined;
}

/** A runner's results file, and what it holds (the Go runner's names no config). */
export interface Output {
  /** Relative to the results folder. */
  file: string;
  combo: string;
  runner: Item["runner"];
  pass: Item["pass"];
  configName?: string;
  /** Stacks that panicked, died or hung while this Go runner played: its runs after that met a fallen stack. */
  fellOver?: string[];
  /**
   * Server name → matrix label (s1, s2), from the names the item's servers
   * answered: how the Go runner's results, which name servers only, say
   * which stack each actor was on. A name two servers answered is left out.
   */
  labels?: Record<string, string>;
}

/** A stack's death, restart or hang seen during an item, for the report. */
export interface StackIncident {
  combo: string;
  item: string;
  stack: string;
  kind: ServerEvent["kind"];
  detail: string;
}

export interface ItemResult {
  outputs: Output[];
  problems: string[];
  incidents: StackIncident[];
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Errors after which a server is asked whether it is still there. */
const TROUBLE = /: (UNAVAILABLE|DEADLINE_EXCEEDED|INTERNAL|UNKNOWN|CANCELLED): /;

/**
 * Watches the item's servers for our runner: instance i is matrix server
 * s(i+1). What a server's log gained during a failed run is searched for a
 * crash (only where the server plays one run at a time, so that the log is
 * the run's own).
 */
export function supervise(instances: readonly StackInstance[], connections: readonly Connection[]): RunSupervisor {
  return {
    async beforeRun(spec) {
      const used = [...new Set(spec.assignment)];
      await Promise.all(
        used.map(async (i) => {
          const instance = instances[i] as StackInstance;
          await instance.ready();
          // Restarted: the channel may still be backing off (returns at once when connected).
          if (instance.eventsSince(0).some((e) => e.kind === "restarted")) await connections[i]?.waitForReady(5000);
        }),
      );
      const watched = used.map((i) => {
        const instance = instances[i] as StackInstance;
        return { i, instance, mark: instance.mark(), offset: instance.logOffset() };
      });
      return {
        async afterRun(record) {
          const events: ServerEvent[] = [];
          for (const { i, instance, mark, offset } of watched) {
            const label = `s${i + 1}`;
            if (record.error !== undefined) {
              const troubled = new RegExp(`^\\w+ by \\S+ on ${label} at [^(]*\\([^)]*\\)${TROUBLE.source}`).test(
                record.error,
              );
              if (troubled) await instance.check(3000);
              await instance.ready();
              const died = instance.eventsSince(mark).some((e) => e.kind === "died");
              if (!died && instance.stack.runsAtOnce === 1) {
                const crash = crashSummary(instance.logSince(offset));
                if (crash !== undefined) {
                  events.push({ server: label, kind: "panicked", detail: crash });
                  // A stack that panicked may have left its state broken for every later call (OpenMLS's
                  // interop client poisons its one mutex): the next run gets a fresh one.
                  await instance.recycle("after a panic");
                }
              }
            }
            for (const e of instance.eventsSince(mark)) events.push({ server: label, kind: e.kind, detail: e.detail });
            if (instance.down !== undefined && !events.some((e) => e.server === label && e.kind === "down"))
              events.push({ server: label, kind: "down", detail: instance.down });
          }
          if (events.length > 0) record.events = events;
        },
      };
    },
  };
}

async function startInstances(item: Item, cx: PlayContext, lane: number): Promise<StackInstance[]> {
  const dir = item.invocations[0]?.out.replace(/\/[^/]*$/, "") ?? ".";
  const started = await Promise.allSettled(
    item.combo.stacks.map((id) =>
      StackInstance.start(cx.stacks.get(id) as Stack, cx.places, cx.processes, `${dir}/${id}-lane${lane}.log`),
    ),
  );
  const instances = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed !== undefined) {
    await Promise.all(instances.map((i) => i.stop()));
    throw failed.reason;
  }
  return instances;
}

function sessionOptions(
  item: Item,
  inv: Invocation,
  cx: PlayContext,
  stacks: readonly StackInstance[],
): SessionOptions {
  return {
    configs: inv.configs,
    scripts: inv.scripts ?? [],
    encryptModes: cx.encryptModes,
    assignment: cx.assignment?.(item.combo),
    random: inv.random,
    seed: inv.random ? cx.seed : undefined,
    maxAssignments: 4096,
    failFast: false,
    quiet: true,
    jobs: cx.jobs,
    shard: inv.shard,
    timeoutMs: cx.timeoutMs,
    out: inv.out,
    serverJobs: Object.fromEntries(stacks.map((s) => [s.address, s.stack.runsAtOnce])),
    stdout: "json",
    signal: cx.signal,
  };
}

/**
 * The item's servers as matrix servers s1, s2 in the combination's order.
 * The matrix plays only the item's suites; the runs still see every suite
 * each server supports (a reinit to another suite picks one both have).
 */
function itemPlan(instances: readonly StackInstance[], suites: readonly number[]): ServerPlan {
  const connections = instances.map((i) => new Connection(i.address));
  const plan = directPlan(
    connections,
    instances.map((i) => i.identity),
  );
  return {
    ...plan,
    matrix: plan.matrix.map((m) => ({ ...m, suites: m.suites.filter((s) => suites.includes(s)) })),
    supervisor: supervise(instances, connections),
  };
}

async function playOurs(
  item: Item,
  inv: Invocation,
  instances: readonly StackInstance[],
  cx: PlayContext,
): Promise<string[]> {
  const options = sessionOptions(item, inv, cx, instances);
  const io = { stdout: silent, stderr: silent };
  const prepared = prepare(options, io);
  if (typeof prepared === "number") return [`${inv.out}: the configs could not be read (exit ${prepared})`];
  const plan = itemPlan(instances, inv.suites);
  try {
    const status = await execute(prepared, plan, options, io);
    return status === 0 || status === 1
      ? []
      : [`${relative(process.cwd(), inv.out)}: our runner stopped (exit ${status})`];
  } finally {
    plan.close();
  }
}

async function playGo(inv: Invocation, instances: readonly StackInstance[], cx: PlayContext): Promise<string[]> {
  const runner = cx.runner as GoRunnerSpec;
  const [file, ...args] = runner.command.map((a) => expand(a, cx.places));
  const child = cx.processes.spawn(
    {
      file: file as string,
      args: [
        ...args,
        ...instances.flatMap((i) => ["-client", i.address]),
        "-config",
        inv.configs[0] ?? "",
        "-suite",
        String(inv.suites[0]),
        ...(inv.random ? ["-random"] : []),
        ...(cx.encryptModes.length === 1 ? [cx.encryptModes[0] === true ? "-private" : "-public"] : []),
      ],
    },
    { log: inv.log, stdoutFile: inv.out },
  );
  const abort = () => void cx.processes.stop(child);
  cx.signal.addEventListener("abort", abort, { once: true });
  const watch = watchUnderGo(instances, child, cx.processes);
  const { code, signal } = await cx.processes.exited(child);
  await watch.stop();
  cx.signal.removeEventListener("abort", abort);
  // It exits 1 when a run failed, which is what we are here to see.
  const written = existsSync(inv.out) && statSync(inv.out).size > 0;
  if (signal !== null || (code !== 0 && code !== 1) || !written) {
    const exit = signal === null ? `exit status ${code}` : `killed by ${signal}`;
    return [`${relative(process.cwd(), inv.out)}: the Go runner failed (${exit}); ${inv.log}:\n${tail(inv.log)}`];
  }
  return [];
}

/**
 * The Go runner cannot be told of a stack's trouble, so while it plays, the
 * stacks' logs are read every tenth of a second. A stack that died is
 * started again on its port by its own watcher; the runner is held
 * (SIGSTOP) until it serves. A panic is recorded, not repaired: restarting a
 * stack under a running Go runner would cut into whichever run it has
 * started since, so the runs it plays after a stack fell over are told apart
 * in the comparison instead (the Output's `fellOver`).
 */
function watchUnderGo(
  instances: readonly StackInstance[],
  runner: ChildProcess,
  processes: Processes,
): { stop(): Promise<void> } {
  const offsets = instances.map((i) => i.logOffset());
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    for (const [k, instance] of instances.entries()) {
      if (instance.restartingNow()) {
        if (!processes.pause(runner)) return;
        try {
          await instance.ready();
        } finally {
          processes.resume(runner);
        }
        offsets[k] = instance.logOffset();
        continue;
      }
      const text = instance.logSince(offsets[k] ?? 0);
      const crash = crashSummary(text);
      if (crash === undefined) continue;
      instance.record("panicked", crash);
      offsets[k] = (offsets[k] ?? 0) + Buffer.byteLength(text);
    }
  };
  const timer = setInterval(() => {
    busy = busy.then(() => (stopped ? undefined : tick()));
  }, 100);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
      await tick();
    },
  };
}

function labelsByName(instances: readonly StackInstance[]): Record<string, string> {
  const names = instances.map((i) => i.identity.name);
  return Object.fromEntries(
    names.flatMap((name, i) => (names.indexOf(name) === names.lastIndexOf(name) ? [[name, `s${i + 1}`]] : [])),
  );
}

/** Plays one item on fresh servers; never throws for a stack's failure, which it reports. */
export async function playItem(item: Item, cx: PlayContext, lane: number, dir: string): Promise<ItemResult> {
  const result: ItemResult = { outputs: [], problems: [], incidents: [] };
  let instances: StackInstance[];
  try {
    instances = await startInstances(item, cx, lane);
  } catch (error) {
    result.problems.push(`${item.id}: cannot start its servers: ${(error as Error).message}`);
    return result;
  }
  try {
    for (const inv of item.invocations) {
      if (cx.signal.aborted) break;
      const marks = instances.map((i) => i.mark());
      const problems =
        item.runner === "go" ? await playGo(inv, instances, cx) : await playOurs(item, inv, instances, cx);
      result.problems.push(...problems);
      const fell = instances.filter((instance, k) =>
        instance.eventsSince(marks[k] ?? 0).some((e) => e.kind !== "restarted"),
      );
      if (existsSync(inv.out) && statSync(inv.out).size > 0)
        result.outputs.push({
          file: relative(dir, inv.out),
          combo: item.combo.id,
          runner: item.runner,
          pass: item.pass,
          configName: inv.configName,
          labels: item.runner === "go" ? labelsByName(instances) : undefined,
          fellOver: item.runner === "go" && fell.length > 0 ? fell.map((i) => i.stack.id) : undefined,
        });
      for (const [k, instance] of instances.entries())
        for (const e of instance.eventsSince(marks[k] ?? 0))
          result.incidents.push({
            combo: item.combo.id,
            item: `${item.id}${inv.configName === undefined ? "" : ` (${inv.configName})`}`,
            stack: instance.stack.id,
            kind: e.kind,
            detail: e.detail,
          });
    }
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
  return result;
}

/** Every item, largest first, each on the next free lane. */
export async function playAll(
  items: readonly Item[],
  lanes: number,
  cx: PlayContext,
  dir: string,
  onDone: (item: Item, done: number, result: ItemResult) => void,
): Promise<ItemResult> {
  const all: ItemResult = { outputs: [], problems: [], incidents: [] };
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, async (_, lane) => {
      for (let i = next++; i < items.length && !cx.signal.aborted; i = next++) {
        const item = items[i] as Item;
        const result = await playItem(item, cx, lane + 1, dir);
        all.outputs.push(...result.outputs);
        all.problems.push(...result.problems);
        all.incidents.push(...result.incidents);
        onDone(item, ++done, result);
      }
    }),
  );
  return all;
}
