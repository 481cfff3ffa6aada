// A whole session, shared by `run` and `selftest`: validate configs and the
// expected-failures file (exit 2) before touching a server, then build the
// matrix, play it concurrently with progress, and write the reports.
import { createWriteStream, writeFileSync } from "node:fs";
import type { Writable } from "node:stream";
import { Config, Script, loadConfigs } from "./config.js";
import { playRun } from "./engine.js";
import { ExpectationError, Expectations, describeExpectation, loadExpectations } from "./expectations.js";
import { Matrix, MatrixError, RunSpec, Shard, buildMatrix, takeShard } from "./matrix.js";
import { Progress } from "./progress.js";
import { checkoutCommit, packageVersion } from "./project-root.js";
import { ResultsSpool } from "./reports/json.js";
import { junitReport } from "./reports/junit.js";
import { markdownReport } from "./reports/markdown.js";
import { schedule } from "./scheduler.js";
import type { ServerPlan } from "./server-plan.js";
import { SESSION_FORMAT, SessionBlock, configFacts, modeNames, shapesOf } from "./session-block.js";
import { FinishedRun, SessionReport, exitStatus, summaryLine } from "./session-report.js";

export interface SessionOptions {
  configs: string[];
  /** --script filters: a script name, or config/script. */
  scripts: string[];
  suite?: number;
  encryptModes: boolean[];
  random: boolean;
  seed?: number;
  maxAssignments: number;
  failFast: boolean;
  quiet: boolean;
  jobs: number;
  shard?: Shard;
  /** Only the runs that put these actors on these servers (actor → label `s2`): one run, to play it again. */
  assignment?: Readonly<Record<string, string>>;
  timeoutMs: number;
  out?: string;
  junit?: string;
  report?: string;
  expectedFailures?: string;
  /**
   * Server address → runs that may play on it at once (default: --jobs).
   * `run` sets 1 for servers that are not ours unless --jobs was given.
   */
  serverJobs?: Readonly<Record<string, number>>;
  /** What goes to stdout when no file is named: `run` prints the JSON like the Go runner. */
  stdout: "json" | "markdown";
  /** Set when another command plays this session (cross): it interrupts, and Ctrl-C is its to handle. */
  signal?: AbortSignal;
}

export interface SessionIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

const processIo: SessionIo = { stdout: process.stdout, stderr: process.stderr };

export interface Prepared {
  scripts: Script[];
  expectations: Expectations;
  warnings: string[];
  /** What the results file's session block says of the configs. */
  configs: SessionBlock["configs"];
}

function selectScripts(configs: readonly Config[], filters: readonly string[]): Script[] | string {
  const all = configs.flatMap((c) => c.scripts);
  if (filters.length === 0) return all;
  const matches = (s: Script, f: string) => f === s.name || f === `${s.config}/${s.name}`;
  const unmatched = filters.filter((f) => !all.some((s) => matches(s, f)));
  if (unmatched.length > 0) return `--script ${unmatched.join(", ")}: no such script in the configs`;
  return all.filter((s) => filters.some((f) => matches(s, f)));
}

/** Everything that can be checked without a server. A number is the exit status (2). */
export function prepare(options: SessionOptions, io: SessionIo = processIo): Prepared | number {
  const { configs, issues } = loadConfigs(options.configs);
  for (const issue of issues) io.stderr.write(`${issue.severity}: ${issue.text}\n`);
  if (issues.some((i) => i.severity === "error")) return 2;
  const scripts = selectScripts(configs, options.scripts);
  if (typeof scripts === "string") {
    io.stderr.write(`error: ${scripts}\n`);
    return 2;
  }
  let expectations: Expectations;
  try {
    expectations = new Expectations(
      options.expectedFailures === undefined ? [] : loadExpectations(options.expectedFailures),
    );
  } catch (error) {
    if (!(error instanceof ExpectationError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  return { scripts, expectations, warnings: issues.map((i) => i.text), configs: configFacts(configs) };
}

/** What merging the shards of this matrix needs to know (see session-block.ts). */
function sessionBlock(
  prepared: Prepared,
  options: SessionOptions,
  report: SessionReport,
  matrixRuns: number,
): SessionBlock {
  return {
    format: SESSION_FORMAT,
    tool: { name: "mls-interop-ts", version: packageVersion(), commit: checkoutCommit() },
    configs: prepared.configs,
    seed: options.seed ?? 0,
    random: options.random,
    suite: options.suite,
    modes: modeNames(options.encryptModes),
    scripts: [...options.scripts],
    assignment: options.assignment === undefined ? undefined : { ...options.assignment },
    max_assignments: options.maxAssignments,
    fail_fast: options.failFast,
    expected_failures: [...prepared.expectations.entries],
    shard: options.shard,
    matrix_runs: matrixRuns,
    runs: report.runs.length,
    skipped: report.skipped,
    started_at: report.startedAt.toISOString(),
    duration_ms: Math.round(report.durationMs),
    warnings: report.warnings,
    shapes: shapesOf(prepared.scripts),
  };
}

function close(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Whether a run puts each actor named in `wanted` on the server labelled so (other actors anywhere). */
function assigned(run: RunSpec, plan: ServerPlan, wanted: Readonly<Record<string, string>>): boolean {
  return run.script.actors.every((actor, i) => {
    const label = wanted[actor];
    return label === undefined || plan.matrix[run.assignment[i] ?? -1]?.label === label;
  });
}

/** Plays the matrix against the plan's servers and writes every report. */
export async function execute(
  prepared: Prepared,
  plan: ServerPlan,
  options: SessionOptions,
  io: SessionIo = processIo,
): Promise<number> {
  const startedAt = new Date();
  let matrix: Matrix;
  try {
    matrix = buildMatrix(prepared.scripts, plan.matrix, {
      suite: options.suite,
      encryptModes: options.encryptModes,
      random: options.random,
      seed: options.seed ?? 0,
      maxAssignments: options.maxAssignments,
    });
  } catch (error) {
    if (!(error instanceof MatrixError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  for (const note of matrix.notes) io.stderr.write(`note: ${note}\n`);
  const chosen =
    options.assignment === undefined
      ? matrix.runs
      : matrix.runs.filter((r) => assigned(r, plan, options.assignment ?? {}));
  const runs = options.shard === undefined ? chosen : takeShard(chosen, options.shard);

  const jsonTo = options.out ?? (options.stdout === "json" && !options.quiet ? "-" : undefined);
  const spool = jsonTo === undefined ? undefined : new ResultsSpool();
  const progress = new Progress(runs.length, io.stderr, options.quiet);
  const finished = new Map<number, FinishedRun>();
  let failures = 0;

  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    io.stderr.write("\ninterrupted: stopping (Ctrl-C again to quit at once)\n");
    abort.abort();
  };
  const onAbort = () => abort.abort();
  if (options.signal === undefined) process.on("SIGINT", onSignal);
  else options.signal.addEventListener("abort", onAbort, { once: true });
  let skipped: RunSpec[];
  try {
    skipped = await schedule(runs, {
      jobs: options.jobs,
      failFast: options.failFast,
      signal: abort.signal,
      groupOf: (spec) => `${spec.script.config}/${spec.script.name}`,
      resourcesOf: (spec) => spec.assignment.map((i) => plan.summaries[i]?.address ?? ""),
      capacityOf: (address) => options.serverJobs?.[address] ?? Number.POSITIVE_INFINITY,
      async execute(spec): Promise<FinishedRun> {
        const watch = await plan.supervisor?.beforeRun(spec);
        const record = await playRun(spec, plan.bindingsFor(spec), {
          timeoutMs: options.timeoutMs,
          signal: abort.signal,
        });
        await watch?.afterRun(record);
        const failed = record.error !== undefined;
        const key = { config: spec.script.config, script: spec.script.name, suite: spec.suite, encrypt: spec.encrypt };
        const expectation = prepared.expectations.classify(key, failed);
        return {
          record,
          outcome: !failed ? "passed" : expectation === undefined ? "failed" : "expected-failure",
          expectation,
        };
      },
      stops: (run) => run.outcome === "failed",
      onResult(spec, run) {
        spool?.add(run.record);
        // Memory stays flat however large the matrix: only the spool keeps transcripts.
        run.record.transcript = run.outcome === "passed" ? [] : run.record.transcript.slice(-5);
        finished.set(spec.id, run);
        if (run.outcome === "failed") failures++;
        progress.update(finished.size, failures);
      },
    });
  } finally {
    process.off("SIGINT", onSignal);
    options.signal?.removeEventListener("abort", onAbort);
  }
  if (abort.signal.aborted) {
    spool?.dispose();
    io.stderr.write(`interrupted after ${finished.size} of ${runs.length} runs; no reports written\n`);
    return 130;
  }

  const report: SessionReport = {
    startedAt,
    durationMs: progress.elapsed(),
    servers: plan.summaries,
    runs: runs.flatMap((spec) => finished.get(spec.id) ?? []),
    skipped: skipped.length,
    stale: prepared.expectations.stale(),
    unexercised: prepared.expectations.unexercised(),
    warnings: [...prepared.warnings, ...matrix.notes],
    seed: options.random ? options.seed : undefined,
    shard: options.shard === undefined ? undefined : `${options.shard.index}/${options.shard.count}`,
  };

  if (spool !== undefined && jsonTo !== undefined) {
    // stdout stays open for whoever else writes to it; a file we opened, we close.
    const stream = jsonTo === "-" ? io.stdout : createWriteStream(jsonTo);
    try {
      await spool.write(stream, report.servers, sessionBlock(prepared, options, report, chosen.length));
      if (stream !== io.stdout) await close(stream);
    } finally {
      spool.dispose();
    }
  }
  if (options.junit !== undefined) writeFileSync(options.junit, junitReport(report));
  const markdown = markdownReport(report);
  if (options.report !== undefined) writeFileSync(options.report, markdown);
  if (options.stdout === "markdown" && !options.quiet) io.stdout.write(markdown);

  for (const e of report.stale) {
    io.stderr.write(
      `EXPECTED FAILURE NOW PASSES: ${describeExpectation(e)} (${e.known_issue}): fixed? remove from expected failures\n`,
    );
  }
  progress.finish(summaryLine(report));
  return exitStatus(report);
}
