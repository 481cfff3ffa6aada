// Command-line options shared by `run` and `selftest`. The Go runner's flags
// are accepted as it spells them (`-client`, `-fail-fast`), so a command line
// written for it works unchanged.
import { availableParallelism } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { parseShard, MatrixError } from "./matrix.js";
import type { SessionOptions } from "./session.js";

export class UsageError extends Error {}

export const sessionOptionSpec = {
  config: { type: "string", multiple: true },
  suite: { type: "string" },
  private: { type: "boolean" },
  public: { type: "boolean" },
  random: { type: "boolean" },
  "fail-fast": { type: "boolean" },
  quiet: { type: "boolean" },
  seed: { type: "string" },
  script: { type: "string", multiple: true },
  jobs: { type: "string" },
  shard: { type: "string" },
  assignment: { type: "string" },
  timeout: { type: "string" },
  out: { type: "string" },
  junit: { type: "string" },
  report: { type: "string" },
  "expected-failures": { type: "string" },
  "max-assignments": { type: "string" },
} as const;

export const sessionOptionHelp = `  --config FILE|DIR      scenario config, or a folder of .json configs (repeatable)
  --suite N              only this ciphersuite
  --private, --public    only encrypted (PrivateMessage) or only plaintext handshakes
  --random               one random server assignment per script, suite and mode
  --seed N               seed for --random (printed when chosen at random)
  --script NAME          only this script; NAME or CONFIG.json/NAME (repeatable)
  --fail-fast            stop a script's matrix at its first unexpected failure
  --jobs N               script runs played at once (default: CPU count; run: one
                         at a time on a server that is not mls-interop-ts)
  --shard I/N            play only the I-th of N deterministic slices of the matrix
  --assignment A=S,...   only the runs that put actor A on server S (s1, s2 in --client
                         order): with --script, --suite and a mode, one run
  --timeout S            deadline of each RPC in seconds (default 120)
  --max-assignments N    above N server assignments per script, suite and mode,
                         play one seeded random one instead (default 4096)
  --out FILE             results JSON (Go runner format)
  --junit FILE           JUnit XML, one testcase per script run
  --report FILE          Markdown report
  --expected-failures F  known failures that do not fail the session (JSON list)
  --quiet                no progress and nothing on stdout but what is asked for`;

/** `-client` → `--client`: Go's flag package takes one dash or two. */
export function goStyleArgs(args: readonly string[]): string[] {
  return args.map((a) => (/^-[a-z][a-z-]+(=.*)?$/.test(a) ? `-${a}` : a));
}

function integer(
  name: string,
  text: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

type Values = {
  [K in keyof typeof sessionOptionSpec]?: (typeof sessionOptionSpec)[K] extends { multiple: true }
    ? string[]
    : (typeof sessionOptionSpec)[K] extends { type: "boolean" }
      ? boolean
      : string;
};

export function sessionOptions(
  values: Values,
  defaults: { configs: string[]; stdout: SessionOptions["stdout"]; jobs?: number },
): SessionOptions {
  const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  let shard;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (error) {
    throw new UsageError((error as MatrixError).message);
  }
  // Both flags or neither: both modes, as in the Go runner.
  const only =
    values.private === true && values.public !== true
      ? [true]
      : values.public === true && values.private !== true
        ? [false]
        : undefined;
  const random = values.random === true;
  const seed =
    integer("seed", values.seed, 0, 0xffffffff) ?? (random ? Math.floor(Math.random() * 0x1_0000_0000) : undefined);
  return {
    assignment: values.assignment === undefined ? undefined : parseAssignment(values.assignment, /^s\d+$/),
    configs: values.config ?? defaults.configs,
    scripts: values.script ?? [],
    suite: integer("suite", values.suite, 1, 0xffff),
    encryptModes: only ?? [true, false],
    random,
    seed,
    maxAssignments: integer("max-assignments", values["max-assignments"], 1) ?? 4096,
    failFast: values["fail-fast"] === true,
    quiet: values.quiet === true,
    jobs: integer("jobs", values.jobs, 1) ?? defaults.jobs ?? availableParallelism(),
    shard,
    timeoutMs: timeout * 1000,
    out: values.out,
    junit: values.junit,
    report: values.report,
    expectedFailures: values["expected-failures"],
    stdout: defaults.stdout,
  };
}

/** `alice=s1,bob=s2` → {alice: "s1", bob: "s2"}; each server must match `server`. */
export function parseAssignment(text: string, server: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const match = /^([^=\s]+)=(\S+)$/.exec(part.trim());
    if (match === null || !server.test(match[2] ?? ""))
      throw new UsageError(`--assignment must be ACTOR=SERVER,... (servers like ${server.source}), got "${part}"`);
    out[match[1] as string] = match[2] as string;
  }
  return out;
}

/** Prints a usage error the same way for every command; returns exit status 2. */
export function usageFailure(command: string, error: unknown, usage: string): number {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`mls-interop ${command}: ${error.message}\n\n${usage}\n`);
  return 2;
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with Go-style flags accepted and usage errors as UsageError. */
export function parse<O extends OptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: goStyleArgs(args), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
