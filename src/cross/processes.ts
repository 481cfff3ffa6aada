// The processes a cross run starts: stack servers (each in its own process
// group, since tsx starts a second node process) and Go runner processes. All
// of them are stopped when the run ends, fails or is interrupted; the exit
// hook is the last resort for an exit nobody planned.
import { ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Connection, ServerIdentity, probe } from "../runner/connection.js";
import type { Command } from "./stacks.js";

export interface SpawnOptions {
  /** stderr (and stdout unless stdoutFile is given) are appended here. */
  log: string;
  stdoutFile?: string;
  /** Own process group, so that stopping it also stops what it started. */
  group?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Processes {
  private readonly live = new Set<ChildProcess>();
  private readonly grouped = new WeakSet<ChildProcess>();
  private hooked = false;

  spawn(command: Command, options: SpawnOptions): ChildProcess {
    this.hook();
    const log = openSync(options.log, "a");
    const out = options.stdoutFile === undefined ? log : openSync(options.stdoutFile, "w");
    try {
      const child = spawn(command.file, command.args, {
        cwd: command.cwd,
        env: command.env,
        stdio: ["ignore", out, log],
        detached: options.group === true,
      });
      this.live.add(child);
      if (options.group === true) this.grouped.add(child);
      child.once("exit", () => this.live.delete(child));
      child.once("error", () => this.live.delete(child));
      return child;
    } finally {
      closeSync(log);
      if (out !== log) closeSync(out);
    }
  }

  /** Resolves when the child has exited; a child that cannot start counts as exit code 127. */
  exited(child: ChildProcess): Promise<Exit> {
    if (child.exitCode !== null || child.signalCode !== null)
      return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    return new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", () => resolve({ code: 127, signal: null }));
    });
  }

  private signal(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
      if (this.grouped.has(child)) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  }

  /** Holds a running child (SIGSTOP); false when it is gone. */
  pause(child: ChildProcess): boolean {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    this.signal(child, "SIGSTOP");
    return true;
  }

  resume(child: ChildProcess): void {
    this.signal(child, "SIGCONT");
  }

  /** SIGKILL at once, to the whole group if it has one. */
  kill(child: ChildProcess): void {
    this.signal(child, "SIGKILL");
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(child: ChildProcess, graceMs = 3000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      // The leader is gone; what it started in its group may not be.
      if (this.grouped.has(child)) this.signal(child, "SIGKILL");
      return;
    }
    const exited = this.exited(child);
    this.signal(child, "SIGTERM");
    const timer = setTimeout(() => this.signal(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    if (this.grouped.has(child)) this.signal(child, "SIGKILL");
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((c) => this.stop(c)));
  }

  private hook(): void {
    if (this.hooked) return;
    this.hooked = true;
    process.on("exit", () => {
      for (const child of this.live) this.signal(child, "SIGKILL");
    });
  }
}

/** A port nobody listens on right now (the server started next may still lose a race for it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

export class StartError extends Error {}

/** Polls Name and SupportedCiphersuites until the server answers, it exits, or time runs out. */
export async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
  log: string,
): Promise<ServerIdentity> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new StartError(
        `exited (${child.signalCode ?? `code ${child.exitCode}`}) before serving on ${address}; ${log}:\n${tail(log)}`,
      );
    const connection = new Connection(address);
    try {
      return await probe(connection, 2000);
    } catch {
      if (Date.now() > deadline)
        throw new StartError(`not serving on ${address} after ${timeoutMs / 1000} s; ${log}:\n${tail(log)}`);
    } finally {
      connection.close();
    }
    await sleep(250);
  }
}
