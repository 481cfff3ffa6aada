// One running server of a declared stack, watched for as long as a work
// item plays on it. A stack that dies is started again on the same port, so
// that the runner playing on it (ours or the Go runner, which cannot be told
// of a new address) reaches it again; every death and restart is kept as an
// event. A stack given by address is only probed: it is not ours to restart.
import type { ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, openSync, readSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Connection, ServerIdentity, probe } from "../runner/connection.js";
import type { ServerEvent } from "../runner/engine.js";
import { Processes, StartError, freePort, tail, waitUntilServing } from "./processes.js";
import { HOST, Placeholders, Stack, expand, startCommand } from "./stacks.js";

export interface InstanceEvent {
  seq: number;
  kind: ServerEvent["kind"];
  detail: string;
}

/** The first line a crashing process left in its log, as one line: what it said and where. */
export function crashSummary(text: string): string | undefined {
  // Rust ≥ 1.73: "thread 'x' panicked at FILE:LINE:COL:\nMESSAGE"; before: "panicked at 'MESSAGE', FILE:LINE:COL".
  const rust = /panicked at ([^\n]+?):\n([^\n]*)/.exec(text);
  if (rust !== null) return `panicked at ${rust[1]}: ${rust[2]?.trim()}`;
  const oldRust = /panicked at '([^\n]*)', ([^\n]+)/.exec(text);
  if (oldRust !== null) return `panicked at ${oldRust[2]}: ${oldRust[1]}`;
  const go = /^panic: ([^\n]+)/m.exec(text);
  if (go !== null) return `panic: ${go[1]}`;
  const cpp = /terminate called after throwing an instance of '([^']+)'(?:\n\s*what\(\):\s*([^\n]*))?/.exec(text);
  if (cpp !== null) return `terminate: ${cpp[1]}${cpp[2] === undefined ? "" : `: ${cpp[2].trim()}`}`;
  const fatal = /^(Segmentation fault|Aborted|FATAL[^\n]*|fatal error:[^\n]*)/m.exec(text);
  return fatal?.[1];
}

export class StackInstance {
  readonly events: InstanceEvent[] = [];
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;
  private restarting?: Promise<void>;
  /** Killed by us (it hung, or panicked): its exit is not a death of its own. */
  private killed = false;
  /** Why the next restart happens, when we caused it. */
  private why?: string;
  private seq = 0;
  down?: string;

  private constructor(
    readonly stack: Stack,
    readonly address: string,
    readonly identity: ServerIdentity,
    readonly log: string | undefined,
    private readonly processes: Processes,
    private readonly places: Placeholders,
  ) {}

  /** Starts the stack on a free port (or reaches the declared address) and waits until it answers Name. */
  static async start(stack: Stack, places: Placeholders, processes: Processes, log: string): Promise<StackInstance> {
    if (stack.address !== undefined) {
      const address = expand(stack.address, places);
      const connection = new Connection(address);
      try {
        const identity = await probe(connection, 10_000);
        return new StackInstance(stack, address, restrict(identity, stack), undefined, processes, places);
      } catch (error) {
        throw new StartError(`${stack.id} at ${address} does not answer: ${(error as Error).message}`);
      } finally {
        connection.close();
      }
    }
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = spawnStack(stack, places, processes, log, port);
      try {
        const identity = await waitUntilServing(`${HOST}:${port}`, child, (stack.start?.timeoutS ?? 60) * 1000, log);
        const instance = new StackInstance(stack, `${HOST}:${port}`, restrict(identity, stack), log, processes, places);
        instance.watch(child, port);
        return instance;
      } catch (error) {
        await processes.stop(child);
        // A port lost to a race shows as an early exit; anything else is the stack's.
        if (attempt >= 3 || !(error instanceof StartError) || !/exited/.test(error.message)) throw error;
      }
    }
  }

  /** Where the log ends now: what the stack writes from here on belongs to what is played next. */
  logOffset(): number {
    if (this.log === undefined) return 0;
    try {
      return statSync(this.log).size;
    } catch {
      return 0;
    }
  }

  logSince(offset: number, max = 64 * 1024): string {
    if (this.log === undefined) return "";
    let fd: number | undefined;
    try {
      const size = statSync(this.log).size;
      const from = Math.max(offset, size - max);
      const buffer = Buffer.alloc(Math.max(0, size - from));
      fd = openSync(this.log, "r");
      readSync(fd, buffer, 0, buffer.length, from);
      return buffer.toString("utf8");
    } catch {
      return "";
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** The sequence number of the next event, to ask later for what happened since. */
  mark(): number {
    return this.seq;
  }

  eventsSince(mark: number): InstanceEvent[] {
    return this.events.filter((e) => e.seq >= mark);
  }

  record(kind: ServerEvent["kind"], detail: string): void {
    this.events.push({ seq: this.seq++, kind, detail });
    if (this.log !== undefined) appendFileSync(this.log, `\n=== mls-interop cross: ${kind}: ${detail} ===\n`);
  }

  /** Whether a restart is under way. */
  restartingNow(): boolean {
    return this.restarting !== undefined;
  }

  /** Waits for a restart under way; resolves at once when the stack is up or down for good. */
  async ready(): Promise<void> {
    await this.restarting;
  }

  /** Whether it still answers Name within the time given. */
  async answers(timeoutMs: number): Promise<boolean> {
    const connection = new Connection(this.address);
    try {
      await connection.call("name", {}, { timeoutMs });
      return true;
    } catch {
      return false;
    } finally {
      connection.close();
    }
  }

  /**
   * After a call failed the way a dead or stuck server fails one: if the
   * stack no longer answers Name, it either exited (the exit handler records
   * it and starts it again) or hangs, and is killed and started again. Waits
   * until it is back.
   */
  async check(timeoutMs: number): Promise<void> {
    const child = this.child;
    if (child === undefined || this.down !== undefined || (await this.answers(timeoutMs))) return;
    const exit = this.processes.exited(child);
    const gone = await Promise.race([exit.then(() => true), sleep(2000).then(() => false)]);
    if (!gone && child === this.child) {
      this.record("hung", `no answer to Name within ${timeoutMs / 1000} s`);
      this.killed = true;
      this.why = "it hung";
      this.processes.kill(child);
      await exit;
    }
    await this.restarting;
  }

  /** Starts it again now, whatever its state (recorded as a restart, not a death). */
  async recycle(why: string): Promise<void> {
    const child = this.child;
    if (child === undefined || this.down !== undefined) return;
    await this.restarting;
    if (child !== this.child || child.exitCode !== null) return;
    this.killed = true;
    this.why = why;
    const exit = this.processes.exited(child);
    this.processes.kill(child);
    await exit;
    await this.restarting;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    if (this.child !== undefined) await this.processes.stop(this.child);
  }

  private watch(child: ChildProcess, port: number): void {
    this.child = child;
    child.once("exit", (code, signal) => {
      if (this.stopping) return;
      if (!this.killed) {
        const crash = crashSummary(this.logSince(0).slice(-16 * 1024));
        this.record("died", `${signal ?? `exit ${code}`}${crash === undefined ? "" : `: ${crash}`}`);
      }
      this.killed = false;
      this.restarting = this.restart(port).finally(() => (this.restarting = undefined));
    });
  }

  /** Starts it again on its port; one that does not come up is left down: its remaining runs fail at once. */
  private async restart(port: number): Promise<void> {
    this.restarts++;
    const log = this.log as string;
    const child = spawnStack(this.stack, this.places, this.processes, log, port);
    try {
      await waitUntilServing(this.address, child, (this.stack.start?.timeoutS ?? 60) * 1000, log);
      this.record("restarted", this.why ?? "after it died");
      this.why = undefined;
      if (!this.stopping) this.watch(child, port);
      else await this.processes.stop(child);
    } catch (error) {
      await this.processes.stop(child);
      this.down = `could not be restarted on ${this.address}: ${firstLine((error as Error).message)}`;
      this.record("down", this.down);
    }
  }

  /** The last lines of its log, for a report of a failure to start. */
  tail(): string {
    return this.log === undefined ? "" : tail(this.log);
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function spawnStack(stack: Stack, places: Placeholders, processes: Processes, log: string, port: number) {
  if (stack.start === undefined) throw new Error(`internal error: ${stack.id} has no start command`);
  return processes.spawn(startCommand(stack.start, places, port), { log, group: true });
}

/** A stack declared with `suites` plays only those, whatever it claims. */
function restrict(identity: ServerIdentity, stack: Stack): ServerIdentity {
  if (stack.suites === undefined) return identity;
  return { ...identity, suites: identity.suites.filter((s) => stack.suites?.includes(s)) };
}
