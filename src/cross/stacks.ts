// The stacks a cross run plays, declared in a small JSON file of ours
// (configs/stacks/local.json): for each stack a short id, what it is and where it
// comes from, and either how to start it on a port or the address of one
// already running; and where the working group's Go runner is. This project
// never builds another stack: a declared command that is not there is a
// stack not available on this machine, named as such.
//
//   {"runner": {"command": ["{peers}/bin/test-runner"], "repository": "mlswg/mls-implementations", ...},
//    "stacks": [{"id": "mlspp", "name": "MLSpp", "repository": "cisco/mlspp", "folder": "cmd/interop",
//                "start": {"command": ["{peers}/mlspp/build/cmd/interop/mlspp_client", "-live", "{port}"]}}]}
//
// Placeholders in commands, folders and addresses: {port} (a free port chosen
// for each start), {host} (127.0.0.1), {root} (this checkout), {peers} (the
// --peers folder, by default ../peers beside the checkout) and {stacks} (the
// stacks file's folder).
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";

export const HOST = "127.0.0.1";

export interface StartSpec {
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Seconds the stack may take to answer its first Name (a first start may compile). */
  timeoutS: number;
}

export interface Stack {
  id: string;
  name: string;
  repository: string;
  /** The part of the repository that is the interop server. */
  folder?: string;
  /** What builds it: the stack's own documentation, never a recipe of ours. */
  build?: string;
  /** The commit it was built from, when declared. */
  commit?: string;
  /** A git checkout it was built from: its HEAD is read at run time. */
  source?: string;
  start?: StartSpec;
  /** A server already running: not started, never restarted. */
  address?: string;
  /** Runs it may play at once (default 1: many interop servers are not safe under concurrent calls). */
  runsAtOnce: number;
  /** Only these ciphersuites, even if it claims more. */
  suites?: number[];
  notes?: string;
}

export interface GoRunnerSpec {
  command: string[];
  repository: string;
  source?: string;
  commit?: string;
}

export interface StacksFile {
  file: string;
  stacks: Stack[];
  runner?: GoRunnerSpec;
}

export class StacksError extends Error {}

export interface Placeholders {
  root: string;
  peers: string;
  stacks: string;
}

const ID = /^[a-z][a-z0-9-]{0,23}$/;
const PLACEHOLDER = /\{([a-z]+)\}/g;
const KNOWN = new Set(["port", "host", "root", "peers", "stacks"]);
const STACK_KEYS = [
  "id",
  "name",
  "repository",
  "folder",
  "build",
  "commit",
  "source",
  "start",
  "address",
  "runs_at_once",
  "suites",
  "notes",
];
const START_KEYS = ["command", "cwd", "env", "timeout_s"];
const RUNNER_KEYS = ["command", "repository", "source", "commit"];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses and checks a stacks file; every problem names the file and the stack. */
export function parseStacks(file: string, text: string): StacksFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StacksError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new StacksError(`${file}: must be an object with a "stacks" list`);
  for (const key of Object.keys(raw))
    if (!["stacks", "runner", "$comment"].includes(key))
      throw new StacksError(`${file}: unknown key "${key}" (allowed: stacks, runner, $comment)`);
  if (!Array.isArray(raw.stacks) || raw.stacks.length === 0)
    throw new StacksError(`${file}: "stacks" must be a non-empty list`);
  const stacks = raw.stacks.map((entry: unknown, i) => parseStack(entry, `${file}: stacks[${i}]`));
  const seen = new Set<string>();
  for (const [i, s] of stacks.entries()) {
    if (seen.has(s.id)) throw new StacksError(`${file}: stacks[${i}]: id "${s.id}" is declared twice`);
    seen.add(s.id);
  }
  return {
    file,
    stacks,
    runner: raw.runner === undefined ? undefined : parseRunner(raw.runner, `${file}: runner`),
  };
}

export function loadStacks(file: string): StacksFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new StacksError(`${file}: cannot read: ${(error as Error).message}`);
  }
  return parseStacks(file, text);
}

function checkKeys(entry: Json, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(entry))
    if (!allowed.includes(key))
      throw new StacksError(`${where}: unknown key "${key}" (allowed: ${allowed.join(", ")})`);
}

function text(entry: Json, key: string, where: string, required: boolean): string | undefined {
  const value = entry[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.trim() === "")
    throw new StacksError(`${where}: "${key}" must be a non-empty string`);
  checkPlaceholders(value, `${where}: "${key}"`);
  return value;
}

function checkPlaceholders(value: string, where: string): void {
  for (const match of value.matchAll(PLACEHOLDER))
    if (!KNOWN.has(match[1] ?? ""))
      throw new StacksError(`${where}: unknown placeholder {${match[1]}} (known: ${[...KNOWN].join(", ")})`);
}

function commitOf(entry: Json, where: string): string | undefined {
  const commit = text(entry, "commit", where, false);
  if (commit !== undefined && !/^[0-9a-f]{40}$/.test(commit))
    throw new StacksError(`${where}: "commit" must be 40 lowercase hex digits, got "${commit}"`);
  return commit;
}

function command(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((a) => typeof a !== "string" || a === ""))
    throw new StacksError(`${where}: "command" must be a non-empty list of strings (program, then arguments)`);
  for (const arg of value as string[]) checkPlaceholders(arg, `${where}: "command"`);
  return value as string[];
}

function parseStart(value: unknown, where: string): StartSpec {
  if (!isObject(value)) throw new StacksError(`${where}: must be an object with a "command" list`);
  checkKeys(value, START_KEYS, where);
  const cmd = command(value.command, where);
  if (!cmd.some((a) => a.includes("{port}")))
    throw new StacksError(`${where}: the command must take the port to listen on as {port}`);
  let env: Record<string, string> | undefined;
  if (value.env !== undefined) {
    if (!isObject(value.env) || Object.values(value.env).some((v) => typeof v !== "string"))
      throw new StacksError(`${where}: "env" must map names to strings`);
    env = value.env as Record<string, string>;
  }
  const timeout = value.timeout_s ?? 60;
  if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 1 || timeout > 3600)
    throw new StacksError(`${where}: "timeout_s" must be an integer from 1 to 3600`);
  return { command: cmd, cwd: text(value, "cwd", where, false), env, timeoutS: timeout };
}

function parseStack(entry: unknown, where: string): Stack {
  if (!isObject(entry)) throw new StacksError(`${where}: must be an object`);
  const id = entry.id;
  if (typeof id !== "string" || !ID.test(id))
    throw new StacksError(`${where}: "id" must be a short name of lowercase letters, digits and dashes`);
  const at = `${where} (${id})`;
  checkKeys(entry, STACK_KEYS, at);
  if ((entry.start === undefined) === (entry.address === undefined))
    throw new StacksError(`${at}: give either "start" (how to start it on {port}) or "address" (one already running)`);
  const address = text(entry, "address", at, false);
  if (address !== undefined && !/^[^\s:]+:\d{1,5}$/.test(address.replaceAll("{host}", HOST)))
    throw new StacksError(`${at}: "address" must be HOST:PORT, got "${address}"`);
  const runs = entry.runs_at_once ?? 1;
  if (typeof runs !== "number" || !Number.isInteger(runs) || runs < 1 || runs > 64)
    throw new StacksError(`${at}: "runs_at_once" must be an integer from 1 to 64`);
  let suites: number[] | undefined;
  if (entry.suites !== undefined) {
    if (
      !Array.isArray(entry.suites) ||
      entry.suites.length === 0 ||
      entry.suites.some((s) => typeof s !== "number" || !Number.isInteger(s) || s < 1 || s > 0xffff)
    )
      throw new StacksError(`${at}: "suites" must be a non-empty list of ciphersuite numbers`);
    suites = entry.suites as number[];
  }
  return {
    id,
    name: text(entry, "name", at, true) as string,
    repository: text(entry, "repository", at, true) as string,
    folder: text(entry, "folder", at, false),
    build: text(entry, "build", at, false),
    commit: commitOf(entry, at),
    source: text(entry, "source", at, false),
    start: entry.start === undefined ? undefined : parseStart(entry.start, `${at}: start`),
    address,
    runsAtOnce: runs,
    suites,
    notes: text(entry, "notes", at, false),
  };
}

function parseRunner(value: unknown, where: string): GoRunnerSpec {
  if (!isObject(value)) throw new StacksError(`${where}: must be an object with a "command" list`);
  checkKeys(value, RUNNER_KEYS, where);
  return {
    command: command(value.command, where),
    repository: text(value, "repository", where, true) as string,
    source: text(value, "source", where, false),
    commit: commitOf(value, where),
  };
}

/** Fills the placeholders; {port} only where a port is given. */
export function expand(value: string, places: Placeholders, port?: number): string {
  return value.replace(PLACEHOLDER, (whole, name: string) => {
    switch (name) {
      case "host":
        return HOST;
      case "root":
        return places.root;
      case "peers":
        return places.peers;
      case "stacks":
        return places.stacks;
      case "port":
        return port === undefined ? whole : String(port);
      default:
        return whole;
    }
  });
}

export interface Command {
  file: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export function startCommand(start: StartSpec, places: Placeholders, port: number): Command {
  const [file, ...args] = start.command.map((a) => expand(a, places, port));
  return {
    file: file as string,
    args,
    cwd: start.cwd === undefined ? undefined : resolve(places.stacks, expand(start.cwd, places)),
    env: start.env === undefined ? undefined : ({ ...process.env, ...start.env } as Record<string, string>),
  };
}

/** A program named by a path must exist; a bare name must be on PATH. */
function programMissing(file: string, cwd: string | undefined): string | undefined {
  if (file.includes("/")) {
    const path = isAbsolute(file) ? file : resolve(cwd ?? process.cwd(), file);
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile() ? undefined : `${path} is not a file`;
    } catch {
      return existsSync(path) ? `${path} is not executable` : `${path} does not exist`;
    }
  }
  const found = (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, file), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return found ? undefined : `${file} is not on PATH`;
}

/** Why a declared stack cannot be started here, or undefined when it can (an address is tried when played). */
export function unavailable(stack: Stack, places: Placeholders): string | undefined {
  if (stack.start === undefined) return undefined;
  const cmd = startCommand(stack.start, places, 0);
  if (cmd.cwd !== undefined && !existsSync(cmd.cwd)) return `its folder ${cmd.cwd} does not exist`;
  return programMissing(cmd.file, cmd.cwd);
}

export function runnerUnavailable(runner: GoRunnerSpec | undefined, places: Placeholders): string | undefined {
  if (runner === undefined) return "no runner is declared";
  return programMissing(expand(runner.command[0] as string, places), undefined);
}

export interface SourceCommit {
  commit?: string;
  /** Where it was read: the declaration, or the checkout's HEAD. */
  from?: string;
  dirty?: boolean;
}

/** The commit a stack (or the runner) was built from: its checkout's HEAD, else the declared one. */
export function sourceCommit(part: { source?: string; commit?: string }, places: Placeholders): SourceCommit {
  if (part.source !== undefined) {
    const dir = resolve(places.stacks, expand(part.source, places));
    const head = spawnSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" });
    if (head.status === 0 && /^[0-9a-f]{40}$/.test(head.stdout.trim())) {
      const status = spawnSync("git", ["-C", dir, "status", "--porcelain", "--untracked-files=no"], {
        encoding: "utf8",
      });
      return { commit: head.stdout.trim(), from: dir, dirty: status.status === 0 && status.stdout.trim() !== "" };
    }
  }
  return part.commit === undefined ? {} : { commit: part.commit, from: "the stacks file" };
}

export function defaultPlaces(root: string, stacksFile: string, peers?: string): Placeholders {
  return { root, peers: resolve(peers ?? join(root, "..", "peers")), stacks: dirname(resolve(stacksFile)) };
}
