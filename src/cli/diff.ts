// `mls-interop diff OLD.json NEW.json`: what changed between two results files.
import { ResultsFormatError, diffRows, formatDiff, readRows, regressed } from "../runner/diff.js";
import { UsageError, parse, usageFailure } from "../runner/options.js";

export const usage = `usage: mls-interop diff OLD.json NEW.json [--config NAME]

Compares two results files (from mls-interop run or the Go test runner) run
by run, keyed by config, script, ciphersuite, handshake mode and the server
name that played each actor (our server labels s1, s2 when both files carry
them and a name stands for several servers, as in selftest): lists runs that
newly fail, newly pass, appeared or disappeared, and runs played several
times whose plays disagree. The Go runner's files name no config and repeat
assignments; repeats count as one run.

options:
  --config NAME   only this config's runs of a file that holds several: needed
                  against a Go runner file when script names repeat across configs

exit status: 0 nothing newly fails, 1 a run newly fails (including a new run
that fails), 2 usage error or unreadable file.`;

export async function main(args: string[]): Promise<number> {
  try {
    const { positionals, values } = parse(args, { config: { type: "string" } });
    if (positionals.length !== 2) throw new UsageError("expected OLD.json and NEW.json");
    const [before, after] = positionals as [string, string];
    const diff = diffRows(readRows(before, values.config), readRows(after, values.config), { old: before, new: after });
    process.stdout.write(formatDiff(diff));
    return regressed(diff) ? 1 : 0;
  } catch (error) {
    if (error instanceof ResultsFormatError) {
      process.stderr.write(`mls-interop diff: ${error.message}\n`);
      return 2;
    }
    return usageFailure("diff", error, usage);
  }
}
