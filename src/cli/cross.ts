// `mls-interop cross`: the declared stacks played against each other, every
// pair and each alone, by our runner and the working group's Go runner,
// with committed reports (see src/cross/).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { loadConfigs } from "../runner/config.js";
import { parseShard, type Shard } from "../runner/matrix.js";
import { UsageError, parse, parseAssignment, usageFailure } from "../runner/options.js";
import { projectRoot, sharedDir } from "../runner/project-root.js";
import { analyse } from "../cross/analysis.js";
import { Classification, ClassificationError, OURS, loadClassifications } from "../cross/classifications.js";
import { comboSides, uniqueNames } from "../cross/failures.js";
import { GITHUB_MATRIX_LIMIT, fanOut, githubMatrix } from "../cross/fan-out.js";
import { matrixReport } from "../cross/matrix-report.js";
import { type PlayContext, playAll } from "../cross/play.js";
import { type Combo, type ComboSuites, comboFile, combos, configDigest, planItems } from "../cross/plan.js";
import { Processes } from "../cross/processes.js";
import { type PlayedStack, type RunRecord, loadRecord, ourCommit, readRows, saveRecord } from "../cross/record.js";
import { replayOf } from "../cross/replay.js";
import { pairReport } from "../cross/report.js";
import { StackInstance } from "../cross/stack-instance.js";
import {
  type Placeholders,
  type Stack,
  type StacksFile,
  StacksError,
  defaultPlaces,
  loadStacks,
  runnerUnavailable,
  sourceCommit,
  unavailable,
} from "../cross/stacks.js";
import { summarizeIncidents } from "../cross/incidents.js";
import { type MatrixSummary, summarizeCombo, summaryText } from "../cross/summary.js";
import { loadBaseline, pageOptionSpec, writePage } from "./page-output.js";

export const usage = `usage: mls-interop cross [--stack ID ...] [--pair A:B ...] [options]

Plays the working group's configs between the stacks declared in the stacks
file: every pair of them and each alone, with our runner and with the
working group's Go runner. Every pair plays its common ciphersuites: the
full-pass suites (1 by default) with every assignment of stacks to actors,
both modes; the others with one seeded random assignment per script, suite
and mode. Each work item gets freshly started servers; a server that
crashes, panics or hangs fails the run it happened in (its log says why)
and is started again. Writes a grid of every combination and a page per
combination (configs/results/ for the whole matrix), the same as one HTML
page (matrix.html), and compares the two runners' verdicts on every
assignment both played.

This project never builds another stack: the stacks file says how to start
each one that was built by hand (docs/cross-stack.md). A declared stack that
is not there is left out, named; one asked for by --stack or --pair is an
error (exit 3).

options:
  --stacks FILE          the stacks file (default: configs/stacks/local.json)
  --peers DIR            {peers} in the stacks file (default: ../peers beside the checkout)
  --stack ID             play this stack (repeatable; default: every declared stack that is here)
  --pair A:B             play only this pair; --pair A: A alone (repeatable)
  --peer ID              ours against ID only: --pair ours:ID
  --no-alone             leave out each stack alone
  --full-suites LIST     suites played with every assignment, e.g. 1,2 or all (default 1)
  --config FILE|DIR      configs to play (default: ../shared/interop/configs); repeatable
  --script NAME          only this script, NAME or CONFIG.json/NAME; repeatable
  --suite N              only suite N
  --private, --public    only one handshake mode
  --assignment A=ID,...  with one --pair: only the runs putting actor A on stack ID
  --seed N               our runner's seed for the random pass (default 1)
  --skip-go              our runner only: no Go runner, no verdict comparison
  --shard I/N            only the I-th of N slices of each of our runner's sessions (no Go
                         runner): one job of a matrix fanned out; mls-interop merge joins them
  --lanes N              work items played at once (default: CPU count, at most 4)
  --timeout S            our runner's deadline per RPC in seconds (default 30; the Go runner's is 120)
  --results DIR          raw results and logs (default: reports/cross, emptied first)
  --reports DIR          where the grid and pair pages go (default: configs/results for the
                         whole matrix, else the results folder)
  --classifications F    failure verdicts (default: configs/results/classifications.json)
  --report-only          play nothing: write the reports again from the results folder's last run
  --plan                 play nothing: print the jobs of this matrix fanned out, one per
                         combination and shard (\`cross --pair A:B --shard I/N\` each)
  --shards N             with --plan: shards per pair (default 1; a stack alone is one job)
  --json                 with --plan: as a GitHub Actions matrix, {"include": [{pair, combo, shard, name}]}
  --html FILE            the page (matrix.html, always written beside matrix.md) here too
  --baseline FILE        an earlier matrix.json: the page marks what regressed and what was fixed since

exit status: 0 done, and no failure is ours or unclassified; 1 a failure is
ours or unclassified, the runners disagree, or the run had problems; 2
usage, config or stacks-file error; 3 a stack asked for is missing or does
not start.`;

const MARKER = ".mls-interop-cross";

interface Options {
  stacksFile: string;
  places: Placeholders;
  stacks: string[];
  pairs?: string[][];
  alone: boolean;
  fullSuites: number[] | "all";
  configs: string[];
  scripts: string[];
  suite?: number;
  encryptModes: boolean[];
  assignment?: Record<string, string>;
  seed: number;
  withGo: boolean;
  shard?: Shard;
  lanes: number;
  timeoutS: number;
  results: string;
  reports?: string;
  classifications: string;
  reportOnly: boolean;
  /** --plan: the jobs, cut this many ways per combination; json: as a GitHub matrix. */
  plan?: { shards: number; json: boolean };
  /** Where the page goes besides matrix.html, and the earlier summary it is compared with. */
  html?: string;
  baseline?: MatrixSummary;
  /** No filter but --stack: the committed reports. */
  whole: boolean;
}

function positiveInteger(name: string, text: string | undefined, max = 0xffff): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max)
    throw new UsageError(`--${name} must be an integer from 1 to ${max}, got "${text}"`);
  return value;
}

const crossOptionSpec = {
  stacks: { type: "string" },
  peers: { type: "string" },
  stack: { type: "string", multiple: true },
  pair: { type: "string", multiple: true },
  peer: { type: "string" },
  "no-alone": { type: "boolean" },
  "full-suites": { type: "string" },
  config: { type: "string", multiple: true },
  script: { type: "string", multiple: true },
  suite: { type: "string" },
  private: { type: "boolean" },
  public: { type: "boolean" },
  assignment: { type: "string" },
  seed: { type: "string" },
  "skip-go": { type: "boolean" },
  shard: { type: "string" },
  lanes: { type: "string" },
  timeout: { type: "string" },
  results: { type: "string" },
  reports: { type: "string" },
  classifications: { type: "string" },
  "report-only": { type: "boolean" },
  plan: { type: "boolean" },
  shards: { type: "string" },
  json: { type: "boolean" },
  ...pageOptionSpec,
} as const;

/** What a failing run is played again with: where the stacks and configs are, whether the Go runner plays, the deadline. */
const crossReplay = (command: string) =>
  replayOf("cross", command.split(/\s+/).slice(2), crossOptionSpec, [
    "stacks",
    "peers",
    "config",
    "skip-go",
    "timeout",
  ]);

function baselineOption(file: string | undefined): MatrixSummary | undefined {
  const baseline = loadBaseline(file);
  if (typeof baseline === "string") throw new UsageError(baseline);
  return baseline;
}

function parseOptions(args: string[]): Options {
  const { values, positionals } = parse(args, crossOptionSpec);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.plan !== true && (values.shards !== undefined || values.json === true))
    throw new UsageError("--shards and --json go with --plan");
  if (values.plan === true && values.shard !== undefined)
    throw new UsageError("--plan prints every shard's job; --shard plays one");
  const root = projectRoot();
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!/^\d+$/.test(values.seed ?? "1") || seed > 0xffffffff)
    throw new UsageError(`--seed must be an integer from 0 to ${0xffffffff}, got "${values.seed}"`);
  const pairs = [
    ...(values.pair ?? []).map((p) => {
      const ids = p.split(":").filter((x) => x !== "");
      if (ids.length < 1 || ids.length > 2) throw new UsageError(`--pair must be A:B or A:, got "${p}"`);
      return ids;
    }),
    ...(values.peer === undefined ? [] : [[OURS, values.peer]]),
  ];
  const full = values["full-suites"];
  let fullSuites: number[] | "all" = [1];
  if (full === "all") fullSuites = "all";
  else if (full !== undefined) {
    fullSuites = full.split(",").map((s) => positiveInteger("full-suites", s.trim()) as number);
  }
  let shard: Shard | undefined;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.assignment !== undefined && pairs.length !== 1)
    throw new UsageError("--assignment needs exactly one --pair (it names each actor's stack)");
  const stacksFile = resolve(values.stacks ?? join(root, "configs", "stacks", "local.json"));
  const modes =
    values.private === true && values.public !== true
      ? [true]
      : values.public === true && values.private !== true
        ? [false]
        : [true, false];
  return {
    stacksFile,
    places: defaultPlaces(root, stacksFile, values.peers),
    stacks: values.stack ?? [],
    pairs: pairs.length === 0 ? undefined : pairs,
    alone: values["no-alone"] !== true,
    fullSuites,
    configs: values.config ?? [join(sharedDir(), "interop", "configs")],
    scripts: values.script ?? [],
    suite: positiveInteger("suite", values.suite),
    encryptModes: modes,
    assignment: values.assignment === undefined ? undefined : parseAssignment(values.assignment, /^[a-z][a-z0-9-]*$/),
    seed,
    withGo: values["skip-go"] !== true && shard === undefined,
    shard,
    lanes: positiveInteger("lanes", values.lanes, 64) ?? Math.min(4, availableParallelism()),
    timeoutS: positiveInteger("timeout", values.timeout, 3600) ?? 30,
    results: resolve(values.results ?? join(root, "reports", "cross")),
    reports: values.reports,
    classifications: values.classifications ?? join(root, "configs", "results", "classifications.json"),
    reportOnly: values["report-only"] === true,
    plan:
      values.plan === true
        ? { shards: positiveInteger("shards", values.shards, 1024) ?? 1, json: values.json === true }
        : undefined,
    html: values.html,
    baseline: baselineOption(values.baseline),
    whole:
      values.config === undefined &&
      values.script === undefined &&
      values.suite === undefined &&
      values.private === undefined &&
      values.public === undefined &&
      pairs.length === 0 &&
      shard === undefined &&
      values["skip-go"] !== true,
  };
}

/** A results folder is ours to empty only if we made it (marker file) or it is empty. */
export function prepareResults(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER))
      throw new UsageError(`${dir} exists and was not made by mls-interop cross: give another --results`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), "made by mls-interop cross or merge; emptied by the next one\n");
}

/** The stacks to play, in the file's order; the ones not here are skipped, named, unless asked for. */
function chooseStacks(file: StacksFile, options: Options): { stacks: Stack[]; skipped: RunRecord["skipped"] } | string {
  const asked = new Set([...options.stacks, ...(options.pairs ?? []).flat()]);
  const unknown = [...asked].filter((id) => !file.stacks.some((s) => s.id === id));
  if (unknown.length > 0)
    return `${unknown.join(", ")}: not declared in ${options.stacksFile} (declared: ${file.stacks.map((s) => s.id).join(", ")})`;
  const stacks: Stack[] = [];
  const skipped: RunRecord["skipped"] = [];
  for (const stack of file.stacks) {
    if (asked.size > 0 && !asked.has(stack.id)) continue;
    const why = unavailable(stack, options.places);
    if (why === undefined) stacks.push(stack);
    else if (asked.has(stack.id)) return `${stack.id} (${stack.name}) is not here: ${why}; ${buildHint(stack)}`;
    else skipped.push({ id: stack.id, why });
  }
  return { stacks, skipped };
}

function buildHint(stack: Stack): string {
  return `it is built by hand from ${stack.repository}${stack.folder === undefined ? "" : ` (${stack.folder})`}${stack.build === undefined ? "" : `: ${stack.build}`}`;
}

/** Each stack started once: what it answers to Name and which suites it claims. */
async function probeStacks(
  stacks: readonly Stack[],
  places: Placeholders,
  processes: Processes,
  dir: string,
  commitOf: (s: Stack) => PlayedStack["commit"],
): Promise<PlayedStack[]> {
  mkdirSync(join(dir, "probe"), { recursive: true });
  return Promise.all(
    stacks.map(async (stack) => {
      const instance = await StackInstance.start(stack, places, processes, join(dir, "probe", `${stack.id}.log`));
      await instance.stop();
      return {
        id: stack.id,
        title: stack.name,
        name: instance.identity.name,
        repository: stack.repository,
        folder: stack.folder,
        commit: commitOf(stack),
        suites: instance.identity.suites,
        address: stack.address,
      };
    }),
  );
}

/** What each combination plays: full-pass suites in full, every other common suite at random. */
function comboSuites(combo: Combo, played: readonly PlayedStack[], options: Options): ComboSuites {
  const suitesOf = (id: string) => played.find((s) => s.id === id)?.suites ?? [];
  let common = combo.stacks.map(suitesOf).reduce((a, b) => a.filter((s) => b.includes(s)));
  if (options.suite !== undefined) common = common.filter((s) => s === options.suite);
  // A stack alone has one assignment per script, suite and mode: every suite in full.
  if (combo.stacks.length === 1) return { combo, full: common, random: [] };
  // --assignment plays one run again, whichever pass drew it: the full matrix, cut to that assignment.
  if (options.assignment !== undefined) return { combo, full: common, random: [] };
  const wanted = options.fullSuites === "all" ? common : options.fullSuites;
  let full = common.filter((s) => wanted.includes(s));
  // Suite 1 is the one every stack has; a pair without it plays its first common suite in full.
  if (full.length === 0 && options.suite === undefined && common.length > 0) full = [common[0] as number];
  return { combo, full, random: common.filter((s) => !full.includes(s)) };
}

/** Where a results folder is and where its reports go (`merge` writes a folder of its own). */
type ReportPlaces = Pick<Options, "results" | "reports" | "html" | "baseline">;

function reportsDir(options: ReportPlaces, record: RunRecord): string {
  return resolve(options.reports ?? (record.whole ? join(projectRoot(), "configs", "results") : options.results));
}

/** `openmls restarted ×12, mls-rs died ×1`. */
function incidentCounts(incidents: readonly { stack: string; kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const i of incidents) counts.set(`${i.stack} ${i.kind}`, (counts.get(`${i.stack} ${i.kind}`) ?? 0) + 1);
  return [...counts].map(([what, n]) => (n === 1 ? what : `${what} ×${n}`)).join(", ");
}

/** Analyses a recorded run's results and writes every report; returns the exit status. */
export function writeReports(record: RunRecord, options: ReportPlaces, classifications: Classification[]): number {
  const dir = reportsDir(options, record);
  mkdirSync(join(dir, "pairs"), { recursive: true });
  const problems = [...record.problems];
  const names = uniqueNames(record.stacks);
  const summary: MatrixSummary = {
    format: "mls-interop-cross/1",
    date: record.date,
    command: record.command,
    seed: record.seed,
    ours: record.ours,
    stacks: record.stacks,
    skipped: record.skipped,
    configs: record.configs,
    combos: [],
    incidents: summarizeIncidents(record.incidents),
    problems,
    durationS: record.durationS,
    replay: crossReplay(record.command),
  };
  let differences = 0;
  for (const suites of record.combos) {
    const { combo } = suites;
    const { rows, problems: unreadable } = readRows(options.results, record, combo.id);
    problems.push(...unreadable);
    const sides = comboSides(combo.stacks, names);
    const analysis = analyse(rows, combo.id, sides, classifications, record.withGo, record.order);
    differences += analysis.comparison?.differences.length ?? 0;
    const page = pairReport(analysis, {
      ...record,
      date: new Date(record.date),
      combo: suites,
      stacks: record.stacks,
      incidents: summary.incidents,
      problems: problems.filter((p) => p.startsWith(combo.id)),
      replay: summary.replay,
    });
    writeFileSync(join(dir, "pairs", `${comboFile(combo)}.md`), page);
    summary.combos.push(summarizeCombo(analysis, suites, summary.replay));
  }
  writeFileSync(join(dir, "matrix.md"), matrixReport(summary));
  for (const page of [join(dir, "matrix.html"), ...(options.html === undefined ? [] : [options.html])])
    writePage(page, summary, { baseline: options.baseline });
  writeFileSync(join(dir, "matrix.json"), `${JSON.stringify(summary, null, 1)}\n`);
  process.stdout.write(summaryText(summary));
  for (const problem of problems) process.stderr.write(`problem: ${problem}\n`);
  process.stderr.write(`reports: ${relative(process.cwd(), dir) || "."}; raw results: ${options.results}\n`);
  const ours = summary.combos.some((c) => (c.failures.byFault[OURS] ?? 0) + (c.failures.byFault.unclassified ?? 0) > 0);
  return differences > 0 || problems.length > 0 || ours ? 1 : 0;
}

/** --plan: the jobs of the matrix fanned out, for a CI matrix or by hand; nothing is started. */
function printPlan(file: StacksFile, options: Options, plan: NonNullable<Options["plan"]>): number {
  const chosen = chooseStacks(file, options);
  if (typeof chosen === "string") {
    process.stderr.write(`mls-interop cross: ${chosen}\n`);
    return 3;
  }
  for (const s of chosen.skipped) process.stderr.write(`note: ${s.id} is left out: ${s.why}\n`);
  const jobs = fanOut(
    chosen.stacks.map((s) => s.id),
    { alone: options.alone, only: options.pairs, shards: plan.shards },
  );
  if (plan.json && jobs.length > GITHUB_MATRIX_LIMIT)
    process.stderr.write(
      `note: ${jobs.length} jobs; a GitHub Actions matrix runs at most ${GITHUB_MATRIX_LIMIT}: fewer --shards\n`,
    );
  if (plan.json) process.stdout.write(`${JSON.stringify(githubMatrix(jobs))}\n`);
  else for (const job of jobs) process.stdout.write(`--pair ${job.pair} --shard ${job.shard}\n`);
  return 0;
}

export async function main(args: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    return usageFailure("cross", error, usage);
  }
  const say = (text: string) => process.stderr.write(`${text}\n`);
  let classifications: Classification[];
  try {
    classifications = existsSync(options.classifications) ? loadClassifications(options.classifications) : [];
  } catch (error) {
    if (!(error instanceof ClassificationError)) throw error;
    say(`error: ${error.message}`);
    return 2;
  }
  if (options.reportOnly) {
    let record;
    try {
      record = loadRecord(options.results);
    } catch (error) {
      say(`mls-interop cross: --report-only: no run recorded in ${options.results}: ${(error as Error).message}`);
      return 2;
    }
    return writeReports(record, options, classifications);
  }

  let file: StacksFile;
  try {
    file = loadStacks(options.stacksFile);
  } catch (error) {
    if (!(error instanceof StacksError)) throw error;
    say(`mls-interop cross: ${error.message}`);
    return 2;
  }
  if (options.plan !== undefined) return printPlan(file, options, options.plan);
  const { configs, issues } = loadConfigs(options.configs);
  for (const issue of issues.filter((i) => i.severity === "error")) say(`error: ${issue.text}`);
  if (issues.some((i) => i.severity === "error")) return 2;
  const unknown = options.scripts.filter(
    (f) => !configs.some((c) => c.scripts.some((s) => f === s.name || f === `${c.name}/${s.name}`)),
  );
  if (unknown.length > 0) {
    say(`error: --script ${unknown.join(", ")}: no such script in the configs`);
    return 2;
  }
  const chosen = chooseStacks(file, options);
  if (typeof chosen === "string") {
    say(`mls-interop cross: ${chosen}`);
    return 3;
  }
  for (const s of chosen.skipped) say(`note: ${s.id} is left out: ${s.why}`);
  if (options.withGo) {
    const why = runnerUnavailable(file.runner, options.places);
    if (why !== undefined) {
      say(
        `mls-interop cross: the Go runner is not here: ${why}; build it by hand (mlswg/mls-implementations interop/test-runner) or give --skip-go`,
      );
      return 3;
    }
  }
  try {
    prepareResults(options.results);
  } catch (error) {
    return usageFailure("cross", error, usage);
  }

  const processes = new Processes();
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(130);
    say(`\n${signal}: stopping the runners and servers this command started (again to quit at once)`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const started = Date.now();
  try {
    let played: PlayedStack[];
    try {
      played = await probeStacks(chosen.stacks, options.places, processes, options.results, (s) =>
        sourceCommit(s, options.places),
      );
    } catch (error) {
      say(`mls-interop cross: a stack does not start: ${(error as Error).message}`);
      return 3;
    }
    for (const s of played) say(`${s.id}: "${s.name}", suites ${s.suites.join(", ")}`);
    const ids = played.map((s) => s.id);
    const plan = combos(ids, { alone: options.alone, only: options.pairs }).map((c) => comboSuites(c, played, options));
    const playable = plan.filter((c) => c.full.length + c.random.length > 0);
    for (const c of plan.filter((c) => !playable.includes(c))) say(`note: ${c.combo.id}: no common suite to play`);
    const stackMap = new Map(chosen.stacks.map((s) => [s.id, s]));
    const items = planItems({
      configs,
      scripts: options.scripts,
      combos: playable,
      withGo: options.withGo,
      shards: Math.max(1, Math.ceil((2 * options.lanes) / Math.max(1, playable.length))),
      shard: options.shard,
      dir: options.results,
    });
    const labels = (combo: Combo) =>
      options.assignment === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(options.assignment).map(([a, id]) => [a, `s${combo.stacks.indexOf(id) + 1}`]),
          );
    if (options.assignment !== undefined) {
      const bad = Object.values(options.assignment).filter((id) => !(playable[0]?.combo.stacks ?? []).includes(id));
      if (bad.length > 0)
        return usageFailure("cross", new UsageError(`--assignment names ${bad.join(", ")}, not in the pair`), usage);
    }
    say(
      `${playable.length} combinations, ${items.length} work items on ${options.lanes} lanes (logs in ${options.results})`,
    );
    const cx: PlayContext = {
      processes,
      stacks: stackMap,
      places: options.places,
      runner: file.runner,
      seed: options.seed,
      timeoutMs: options.timeoutS * 1000,
      jobs: 8,
      signal: abort.signal,
      encryptModes: options.encryptModes,
      assignment: labels,
    };
    const result = await playAll(items, options.lanes, cx, options.results, (item, n, r) =>
      say(
        `[${n}/${items.length}] ${item.id} (${Math.round((Date.now() - started) / 1000)} s)` +
          (r.incidents.length === 0 ? "" : `: ${incidentCounts(r.incidents)}`),
      ),
    );
    if (abort.signal.aborted) {
      say("interrupted: no reports written");
      return 130;
    }
    const configDirs = options.configs.map((c) => relative(projectRoot(), resolve(c)) || ".");
    const record: RunRecord = {
      command: `mls-interop cross ${args.join(" ")}`.trim(),
      date: new Date().toISOString(),
      ours: ourCommit(),
      stacks: played,
      declared: file.stacks.map((s) => s.id),
      skipped: chosen.skipped,
      goCommit: options.withGo && file.runner !== undefined ? sourceCommit(file.runner, options.places) : undefined,
      configs: { where: configDirs.join(", "), files: configs.length, sha256: configDigest(configs) },
      order: configs.flatMap((c) => c.scripts.map((s) => `${c.name}/${s.name}`)),
      combos: playable,
      seed: options.seed,
      withGo: options.withGo,
      shard: options.shard === undefined ? undefined : `${options.shard.index}/${options.shard.count}`,
      whole: options.whole,
      problems: result.problems,
      incidents: result.incidents,
      outputs: result.outputs,
      durationS: Math.round((Date.now() - started) / 1000),
    };
    saveRecord(options.results, record);
    return writeReports(record, options, classifications);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await processes.stopAll();
  }
}
