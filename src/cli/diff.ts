// `mls-interop diff OLD.json NEW.json`: what changed between two results files.
import { ResultsFormatError, diffRuns, formatDiff, readResults, regressed } from "../runner/diff.js";
import { UsageError, parse, usageFailure } from "../runner/options.js";

export const usage = `usage: mls-interop diff OLD.json NEW.json

Compares two results files (from mls-interop run or the Go test runner) run
by run, keyed by config, script, ciphersuite, handshake mode and server
assignment: lists runs that newly fail, newly pass, appeared or disappeared.

exit status: 0 nothing newly fails, 1 a run newly fails (including a new run
that fails), 2 usage error or unreadable file.`;

export async function main(args: string[]): Promise<number> {
  try {
    const { positionals } = parse(args, {});
    if (positionals.length !== 2) throw new UsageError("expected OLD.json and NEW.json");
    const [before, after] = positionals as [string, string];
    const diff = diffRuns(readResults(before), readResults(after));
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
