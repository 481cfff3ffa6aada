// The command that plays one failing run again. A run is named by its
// script, its column (suite and mode) and its assignment of actors to
// stacks; the command is the one that played the session, cut down to the
// options that say where and how to play (the stacks file, the servers, the
// configs, the deadline), with the options that choose exactly that run.
import { pairs } from "../runner/results-file.js";

/** How a session's failing runs are played again. */
export interface Replay {
  /** The command with the options that say where and how to play, and none of those that choose the runs. */
  command: string;
  /** `cross` takes the combination as `--pair A:B`; `run` and `selftest` play their one combination, by label. */
  pair: boolean;
}

/** What `mls-interop cross` is played again with when the session said nothing else. */
export const CROSS_REPLAY: Replay = { command: "mls-interop cross", pair: true };

/** An argument as a POSIX shell reads it back. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The options a command takes, as node's parseArgs is given them: which take a value. */
export type OptionSpec = Readonly<Record<string, { type: "string" | "boolean" }>>;

/**
 * The command's words with only the options in `keep` (`--name value`,
 * `--name=value` or a boolean `--name`): those that say where and how the
 * session played, not which runs.
 */
export function keptOptions(args: readonly string[], spec: OptionSpec, keep: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=")[0] as string;
    const takesValue = spec[name]?.type === "string" && !arg.includes("=");
    const words = takesValue ? [arg, args[++i] ?? ""] : [arg];
    if (keep.includes(name)) out.push(...words);
  }
  return out;
}

/** The replay of a session played by `mls-interop SUBCOMMAND ARGS`, keeping the options named. */
export function replayOf(
  subcommand: string,
  args: readonly string[],
  spec: OptionSpec,
  keep: readonly string[],
): Replay {
  const words = ["mls-interop", subcommand, ...keptOptions(args, spec, keep)];
  return { command: words.map(shellWord).join(" "), pair: subcommand === "cross" };
}

/** The command that plays one run again: `column` is `suite N MODE`, `actors` actor → stack id. */
export function replayCommand(
  replay: Replay,
  stacks: readonly string[],
  script: string,
  column: string,
  actors: Readonly<Record<string, string>>,
): string {
  const [, suite, mode] = column.split(" ");
  const assignment = pairs({ ...actors }).replaceAll(" ", ",");
  const played = replay.pair ? ` --pair ${stacks.join(":")}` : "";
  // A stack alone holds every actor: the script, suite and mode name its one run.
  const which = stacks.length > 1 && assignment !== "" ? ` --assignment ${assignment}` : "";
  return `${replay.command}${played} --script ${shellWord(script)} --suite ${suite} --${mode}${which}`;
}
