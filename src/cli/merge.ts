// `mls-interop merge`: the shards of one matrix, played on several machines,
// become the results and reports one machine would have written. Results
// files (`run --shard I/N`, or the Go runner's) merge into one results file;
// cross results folders (`cross --shard I/N`, each with its run.json) merge
// into one results folder and the whole matrix's reports.
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Classification, ClassificationError, loadClassifications } from "../cross/classifications.js";
import { CrossMergeRefusal, mergeCrossFolders } from "../cross/merge-folders.js";
import { pageHtml } from "../cross/page.js";
import { saveRecord } from "../cross/record.js";
import type { MatrixSummary } from "../cross/summary.js";
import { MergeRefusal, mergeShards, mergedReport, readShard, refuseSameFiles, writeMerged } from "../runner/merge.js";
import { UsageError, parse, usageFailure } from "../runner/options.js";
import { projectRoot } from "../runner/project-root.js";
import { junitReport } from "../runner/reports/junit.js";
import { markdownReport } from "../runner/reports/markdown.js";
import { ResultsFormatError } from "../runner/results-file.js";
import { exitStatus, summaryLine } from "../runner/session-report.js";
import { prepareResults, writeReports } from "./cross.js";

export const usage = `usage: mls-interop merge RESULTS.json... --out FILE [--report FILE] [--junit FILE] [--partial]
       mls-interop merge FOLDER... --out DIR [--reports DIR] [--html FILE] [--partial]

Merges the shards of one matrix played on several machines into what one
machine would have written for the same matrix and seed (timings and the
servers' addresses aside).

Results files, from \`run --shard I/N\` (or \`selftest --shard I/N\`): one
results file with the runs in matrix order, and its JSON, JUnit and Markdown
reports. Each file's session block says which matrix it is a shard of; the
merge is refused, naming the file, when two files differ in configs, tool
version, seed, filters, expected failures or shard count, when a shard is
given twice, and when one is missing (unless --partial). The Go runner's
files carry no session block: they are merged as they are (e.g. one per
config), checking only that none is given twice.

Folders, from \`cross --shard I/N\` jobs (each holds run.json and its
results): one cross results folder, with every combination's shards merged
as above, and the whole matrix's reports (matrix.md, matrix.json,
pairs/*.md, and the page with --html), as \`cross --skip-go\` on one machine
would have written them.

options:
  --out FILE|DIR         the merged results file, or the merged results folder (emptied first)
  --report FILE          (results files) Markdown report
  --junit FILE           (results files) JUnit XML
  --reports DIR          (folders) where matrix.md, matrix.json and pairs/ go (default: --out)
  --html FILE            (folders) the matrix page
  --classifications F    (folders) failure verdicts (default: configs/results/classifications.json)
  --partial              merge what is there when shards are missing; the reports say which

exit status: 0 merged, every run passed (or failed as expected); 1 merged,
and a run failed, a failure is ours or unclassified, or shards are missing
(--partial); 2 usage error, an unreadable file, or a merge refused.`;

interface Options {
  inputs: string[];
  out: string;
  report?: string;
  junit?: string;
  reports?: string;
  html?: string;
  classifications: string;
  partial: boolean;
}

function parseOptions(args: string[]): Options {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    report: { type: "string" },
    junit: { type: "string" },
    reports: { type: "string" },
    html: { type: "string" },
    classifications: { type: "string" },
    partial: { type: "boolean" },
  });
  if (positionals.length === 0) throw new UsageError("name the results files or folders to merge");
  if (values.out === undefined) throw new UsageError("--out is needed: where the merged results go");
  return {
    inputs: positionals,
    out: values.out,
    report: values.report,
    junit: values.junit,
    reports: values.reports,
    html: values.html,
    classifications: values.classifications ?? join(projectRoot(), "configs", "results", "classifications.json"),
    partial: values.partial === true,
  };
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

function close(stream: ReturnType<typeof createWriteStream>): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function mergeFiles(options: Options): Promise<number> {
  if (options.reports !== undefined || options.html !== undefined)
    throw new UsageError("--reports and --html are for cross results folders; results files take --report and --junit");
  refuseSameFiles(options.inputs, (f) => realpathSync(f));
  // The runs are copied out of the inputs while the output is written: it cannot be one of them.
  if (existsSync(options.out) && options.inputs.some((f) => realpathSync(f) === realpathSync(options.out)))
    throw new UsageError(`--out ${options.out} is one of the files merged: name another file`);
  refuseSameFiles(options.inputs, (f) => createHash("sha256").update(readFileSync(f)).digest("hex"));
  const merged = mergeShards(options.inputs.map(readShard), { partial: options.partial });
  for (const note of merged.notes) process.stderr.write(`note: ${note}\n`);
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  const stream = createWriteStream(options.out);
  await writeMerged(merged, stream);
  await close(stream);
  const report = mergedReport(merged);
  if (options.junit !== undefined) writeFileSync(options.junit, junitReport(report));
  const markdown = markdownReport(report);
  if (options.report !== undefined) writeFileSync(options.report, markdown);
  process.stderr.write(`${summaryLine(report)}; merged from ${options.inputs.length} files into ${options.out}\n`);
  return merged.missing.length > 0 ? 1 : exitStatus(report);
}

async function mergeFolders(options: Options): Promise<number> {
  if (options.report !== undefined || options.junit !== undefined)
    throw new UsageError("--report and --junit are for results files; folders get matrix.md, matrix.json and pairs/");
  let classifications: Classification[] = [];
  if (existsSync(options.classifications)) classifications = loadClassifications(options.classifications);
  const out = resolve(options.out);
  refuseSameFiles(options.inputs, (f) => realpathSync(f));
  if (options.inputs.some((f) => realpathSync(f) === (existsSync(out) ? realpathSync(out) : out)))
    throw new UsageError("--out must be a folder of its own, not one of the folders merged");
  prepareResults(out);
  const { record, missing } = await mergeCrossFolders(options.inputs, out, {
    partial: options.partial,
    note: (text) => process.stderr.write(`note: ${text}\n`),
  });
  saveRecord(out, record);
  const status = writeReports(record, { results: out, reports: options.reports }, classifications);
  if (options.html !== undefined) {
    const summary = JSON.parse(
      readFileSync(join(resolve(options.reports ?? out), "matrix.json"), "utf8"),
    ) as MatrixSummary;
    mkdirSync(dirname(resolve(options.html)), { recursive: true });
    writeFileSync(options.html, pageHtml(summary));
  }
  return missing.length > 0 ? Math.max(status, 1) : status;
}

export async function main(args: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    return usageFailure("merge", error, usage);
  }
  try {
    const missing = options.inputs.filter((p) => !existsSync(p));
    if (missing.length > 0) throw new ResultsFormatError(`${missing.join(", ")}: no such file or folder`);
    const folders = options.inputs.filter(isFolder);
    if (folders.length > 0 && folders.length < options.inputs.length)
      throw new UsageError("give results files or cross results folders, not both");
    return folders.length > 0 ? await mergeFolders(options) : await mergeFiles(options);
  } catch (error) {
    if (
      error instanceof MergeRefusal ||
      error instanceof CrossMergeRefusal ||
      error instanceof ResultsFormatError ||
      error instanceof ClassificationError
    ) {
      process.stderr.write(`mls-interop merge: ${error.message}\n`);
      return 2;
    }
    return usageFailure("merge", error, usage);
  }
}
