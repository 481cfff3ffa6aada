// `mls-interop vectors`: replays the working group's test vectors through our
// code, the cross-implementation check CI can run without other stacks.
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { errorMessage } from "../errors.js";
import { assertCodecMatches } from "../ts-mls/rfc-codecs/active.js";
import { consoleTable } from "../vectors/console-table.js";
import { readExpectedFailures, type ExpectedFailure } from "../vectors/expected-failures.js";
import { jsonReport } from "../vectors/json-report.js";
import { baseName, findVectorFiles, namedVectorFiles, type VectorFile } from "../vectors/loader.js";
import { markdownReport } from "../vectors/markdown-report.js";
import { runSucceeded, runVectors, type FileResult, type RunResult } from "../vectors/run.js";
import { defaultSharedCandidates, findSharedDir } from "../vectors/shared-dir.js";

export const usage = `usage: mls-interop vectors [--dir DIR] [--only NAME]... [--out FILE.json] [--report FILE.md]
                           [--expected-failures FILE] [--jobs N] [--quiet] [--as-released]
                           [PATH...]

Replays the MLS working group's test vectors (DIR/test-vectors/*.json) and the
passive-client vectors (DIR/interop/passive/*.json) through this project's code
and prints a per-file table of cases passed, failed and skipped. Each file goes
to the verifier its cases' fields call for, whatever its name; a file of a kind
we do not verify is skipped with the reason.

arguments:
  PATH                      run these vector files instead, from anywhere; a
                            folder stands for its .json files (another stack's
                            test_vectors/, a newer mls-implementations checkout)

options:
  --dir DIR                 folder holding test-vectors/ and interop/passive/
                            (default: ../shared from the current directory, else
                            from the package root); with PATHs, files inside it
                            are named relative to it, so expected failures apply
  --only NAME               run only this file: "tree-math", "treekem.json" or
                            "interop/passive/commit"; repeat or comma-separate
  --out FILE.json           write the JSON report
  --report FILE.md          write the Markdown report
  --expected-failures FILE  JSON list of {file, case?, reason, known_issue}: cases
                            failing for a documented library defect; an expected
                            failure that passes fails the run
  --jobs N                  worker threads (default: one per core; 1 runs
                            everything in the main thread)
  --quiet                   print only the table and failures, no progress
  --as-released             replay through ts-mls's own codecs and constructions, as the
                            server's --as-released runs them (default: the RFC 9420 layer)

Exit status: 0 when no case failed and no expected failure passed, 1 otherwise,
2 on bad usage.`;

/** Matches --only names against files: with or without folder and .json. */
export function selectFiles(
  files: readonly VectorFile[],
  only: readonly string[],
): { files: VectorFile[]; unknown: string[] } {
  if (only.length === 0) return { files: [...files], unknown: [] };
  const strip = (n: string) => n.replace(/\.json$/, "");
  const matches = (f: VectorFile, name: string) =>
    strip(f.name) === strip(name) || strip(baseName(f.name)) === strip(name);
  const unknown = only.filter((name) => !files.some((f) => matches(f, name)));
  return { files: files.filter((f) => only.some((name) => matches(f, name))), unknown };
}

const maxFailureLines = 40;

function failureLines(result: RunResult): string[] {
  const lines: string[] = [];
  const push = (f: FileResult) => {
    for (const c of f.cases) {
      if (c.status !== "failed" && c.status !== "unexpected-pass") continue;
      const o = c.outcome;
      if (c.status === "unexpected-pass") {
        lines.push(
          `XPASS ${f.file} case ${c.index}: passes but is listed as expected failure (${c.expected?.knownIssue})`,
        );
      } else if (o.status === "failed") {
        const first = o.differences[0];
        const what =
          o.error ?? (first === undefined ? "failed" : `${first.what}: expected ${first.expected}, got ${first.got}`);
        const more = o.differences.length > 1 ? ` (+${o.differences.length - 1} more differences)` : "";
        lines.push(`FAIL ${f.file} case ${c.index}: ${what}${more}`);
      }
    }
  };
  result.files.forEach(push);
  if (lines.length <= maxFailureLines) return lines;
  return [...lines.slice(0, maxFailureLines), `... ${lines.length - maxFailureLines} more; see --out / --report`];
}

export async function main(args: string[]): Promise<number> {
  let values;
  let paths: string[];
  try {
    ({ values, positionals: paths } = parseArgs({
      args,
      options: {
        dir: { type: "string" },
        only: { type: "string", multiple: true },
        out: { type: "string" },
        report: { type: "string" },
        "expected-failures": { type: "string" },
        jobs: { type: "string" },
        quiet: { type: "boolean" },
        "as-released": { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    console.error(`mls-interop vectors: ${errorMessage(err)}\n\n${usage}`);
    return 2;
  }

  try {
    assertCodecMatches(values["as-released"] === true ? "as-released" : "rfc");
  } catch (err) {
    console.error(`mls-interop vectors: ${errorMessage(err)}`);
    return 1;
  }
  const dir = values.dir === undefined ? findSharedDir() : resolve(values.dir);
  let all: VectorFile[];
  if (paths.length > 0) {
    try {
      all = namedVectorFiles(paths, dir);
    } catch (err) {
      console.error(`mls-interop vectors: ${errorMessage(err)}`);
      return 2;
    }
    if (all.length === 0) {
      console.error(`mls-interop vectors: no .json files in ${paths.join(", ")}`);
      return 2;
    }
  } else {
    if (dir === undefined) {
      console.error(
        `mls-interop vectors: no shared folder found (looked for test-vectors/ or interop/passive/ in ${defaultSharedCandidates().join(", ")}); pass --dir or PATHs`,
      );
      return 2;
    }
    all = findVectorFiles(dir);
    if (all.length === 0) {
      console.error(`mls-interop vectors: no vector files in ${dir}/test-vectors or ${dir}/interop/passive`);
      return 2;
    }
  }
  const only = (values.only ?? [])
    .flatMap((o) => o.split(","))
    .map((o) => o.trim())
    .filter((o) => o !== "");
  const selected = selectFiles(all, only);
  if (selected.unknown.length > 0) {
    console.error(`mls-interop vectors: --only names no vector file: ${selected.unknown.join(", ")}`);
    return 2;
  }

  let expectedFailures: ExpectedFailure[] = [];
  if (values["expected-failures"] !== undefined) {
    try {
      expectedFailures = readExpectedFailures(values["expected-failures"]);
    } catch (err) {
      console.error(`mls-interop vectors: ${errorMessage(err)}`);
      return 2;
    }
  }

  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`mls-interop vectors: --jobs must be a positive integer, got '${values.jobs}'`);
    return 2;
  }
  const quiet = values.quiet === true;
  const result = await runVectors(dir ?? process.cwd(), selected.files, {
    expectedFailures,
    jobs,
    onFile: quiet
      ? undefined
      : (f) => console.error(`  ${f.file}: ${f.cases.length} cases in ${(f.durationMs / 1000).toFixed(1)} s`),
  });

  console.log(consoleTable(result));
  const failures = failureLines(result);
  if (failures.length > 0) console.log(["", ...failures].join("\n"));
  const now = new Date();
  if (values.out !== undefined) writeFileSync(values.out, jsonReport(result, now));
  if (values.report !== undefined) writeFileSync(values.report, markdownReport(result, now));
  return runSucceeded(result) ? 0 : 1;
}
