// `mls-interop cross --peer mlspp|ts-mls-reference`: our server against
// another stack's, played by the working group's Go runner and by ours, with
// a committed report (see src/cross/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { loadConfigs } from "../runner/config.js";
import { Connection, probe } from "../runner/connection.js";
import { UsageError, parse, usageFailure } from "../runner/options.js";
import { projectRoot, sharedDir } from "../runner/project-root.js";
import { analyse } from "../cross/analysis.js";
import { Classification, ClassificationError, loadClassifications } from "../cross/classifications.js";
import { Lane, LaneSetup, playAll, startLanes, stopLanes } from "../cross/lanes.js";
import {
  PeerSpec,
  buildScript,
  builtAt,
  defaultPeersDir,
  goRunner,
  isPeerId,
  missingMessage,
  missingParts,
  peerSpecs,
  sourceCommit,
} from "../cross/peers.js";
import { configDigest, planItems } from "../cross/plan.js";
import { Processes } from "../cross/processes.js";
import { RunRecord, loadRecord, readRows, saveRecord } from "../cross/record.js";
import { crossReport } from "../cross/report.js";
import { summarize, summaryText } from "../cross/summary.js";

export const usage = `usage: mls-interop cross --peer mlspp|ts-mls-reference [options]

Plays the working group's configs between our server and another stack's
interop server, with the working group's Go test runner and with ours:
suite 1 in full (both modes, every assignment), then one random assignment
per script and mode on every other suite both support. Compares the two
runners' verdicts on every assignment both played and writes a dated report
(configs/results/PEER.md for the whole matrix). Starts our server and the
peer's (one lane each, one run at a time on the peer) and stops everything
it started, also on Ctrl-C.

The peers are not built by this project: ../shared/peers/build.sh builds
them into ../peers (the Go runner, MLSpp's interop client, ts-mls's
reference server). A missing one is named with the build.sh command;
--build runs that script.

options:
  --peer ID              mlspp or ts-mls-reference
  --peers DIR            where build.sh built the peers (default: ../peers beside the checkout)
  --build                run ../shared/peers/build.sh for what is missing first
  --config FILE|DIR      configs to play (default: ../shared/interop/configs); repeatable
  --script NAME          only this script, NAME or CONFIG.json/NAME; repeatable
  --suite N              only suite N: the full pass if N is 1, else the random pass on N
  --seed N               our runner's seed for the random pass (default 1)
  --skip-go              our runner only: no Go runner, no verdict comparison
  --lanes N              peer servers played at once (default: CPU count, at most 4)
  --timeout S            our runner's deadline per RPC in seconds (the Go runner's is 120)
  --results DIR          raw results and logs (default: reports/cross/PEER, emptied first)
  --report FILE          the Markdown report (default: configs/results/PEER.md for the
                         whole matrix, else the results folder's report.md)
  --classifications F    known failure classifications (default: configs/results/classifications.json)
  --report-only          play nothing: write the report again from the results folder's last run
                         (after a classification changed, say)

exit status: 0 done and the runners agree; 1 the runners disagree on an
assignment, or a peer died or a runner failed on the way; 2 usage or config
error; 3 a peer is missing or does not start.`;

const MARKER = ".mls-interop-cross";
const FULL_SUITE = 1;

interface Options {
  peer: PeerSpec;
  peers: string;
  build: boolean;
  configs: string[];
  scripts: string[];
  suite?: number;
  seed: number;
  withGo: boolean;
  lanes: number;
  timeoutS?: number;
  results: string;
  report?: string;
  classifications: string;
  /** Neither --config, --script, --suite nor --skip-go: what the committed report is made of. */
  whole: boolean;
  reportOnly: boolean;
}

function positiveInteger(name: string, text: string | undefined, max = 0xffff): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max)
    throw new UsageError(`--${name} must be an integer from 1 to ${max}, got "${text}"`);
  return value;
}

function parseOptions(args: string[]): Options {
  const { values, positionals } = parse(args, {
    peer: { type: "string" },
    peers: { type: "string" },
    build: { type: "boolean" },
    config: { type: "string", multiple: true },
    script: { type: "string", multiple: true },
    suite: { type: "string" },
    seed: { type: "string" },
    "skip-go": { type: "boolean" },
    lanes: { type: "string" },
    timeout: { type: "string" },
    results: { type: "string" },
    report: { type: "string" },
    classifications: { type: "string" },
    "report-only": { type: "boolean" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.peer === undefined) throw new UsageError("--peer is required (mlspp or ts-mls-reference)");
  if (!isPeerId(values.peer)) throw new UsageError(`unknown --peer "${values.peer}" (mlspp or ts-mls-reference)`);
  const root = projectRoot();
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!/^\d+$/.test(values.seed ?? "1") || seed > 0xffffffff)
    throw new UsageError(`--seed must be an integer from 0 to ${0xffffffff}, got "${values.seed}"`);
  return {
    peer: peerSpecs[values.peer],
    peers: resolve(values.peers ?? defaultPeersDir()),
    build: values.build === true,
    configs: values.config ?? [join(sharedDir(), "interop", "configs")],
    scripts: values.script ?? [],
    suite: positiveInteger("suite", values.suite),
    seed,
    withGo: values["skip-go"] !== true,
    lanes: positiveInteger("lanes", values.lanes, 64) ?? Math.min(4, availableParallelism()),
    timeoutS: positiveInteger("timeout", values.timeout, 3600),
    results: resolve(values.results ?? join(root, "reports", "cross", values.peer)),
    report: values.report,
    classifications: values.classifications ?? join(root, "configs", "results", "classifications.json"),
    reportOnly: values["report-only"] === true,
    whole:
      values.config === undefined &&
      values.script === undefined &&
      values.suite === undefined &&
      values["skip-go"] !== true,
  };
}

/** A results folder is ours to empty only if we made it (marker file) or it is empty. */
function prepareResults(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER))
      throw new UsageError(`${dir} exists and was not made by mls-interop cross: give another --results`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), "made by mls-interop cross; emptied by its next run\n");
}

function build(options: Options, targets: string[]): boolean {
  const script = buildScript();
  if (!existsSync(script)) {
    process.stderr.write(`mls-interop cross: --build: ${script} does not exist\n`);
    return false;
  }
  process.stderr.write(`running ${script} ${targets.join(" ")} (PEERS=${options.peers})\n`);
  const result = spawnSync("bash", [script, ...targets], {
    stdio: "inherit",
    env: { ...process.env, PEERS: options.peers },
  });
  return result.status === 0;
}

function ourCommit(): { commit?: string; dirty: boolean } {
  const root = projectRoot();
  const git = (...args: string[]) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return { dirty: false };
  // The reports this command writes are not what it is measuring.
  const status = git("status", "--porcelain", "--", ".", ":(exclude)configs/results");
  return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== "" };
}

function suitesToPlay(options: Options, common: number[]): { full?: number; random: number[] } {
  const full = common.includes(FULL_SUITE) ? FULL_SUITE : common[0];
  if (options.suite === undefined) return { full, random: common.filter((s) => s !== full) };
  if (!common.includes(options.suite))
    throw new UsageError(`--suite ${options.suite}: not supported by both servers (both: ${common.join(", ")})`);
  return options.suite === full ? { full, random: [] } : { random: [options.suite] };
}

/** Analyses a recorded run's results and writes the report and summary.json; returns the exit status. */
function writeReport(record: RunRecord, options: Options, classifications: Classification[]): number {
  const { rows, problems: unreadable } = readRows(options.results, record);
  const problems = [...record.problems, ...unreadable];
  const peer = peerSpecs[record.peer];
  const analysis = analyse(rows, peer.id, classifications, record.withGo, record.order);
  const reportFile = resolve(
    options.report ??
      (record.whole ? join(projectRoot(), "configs", "results", `${peer.id}.md`) : join(options.results, "report.md")),
  );
  const markdown = crossReport(analysis, {
    ...record,
    peer,
    date: new Date(record.date),
    problems,
  });
  mkdirSync(resolve(reportFile, ".."), { recursive: true });
  writeFileSync(reportFile, markdown);
  const summary = summarize(analysis, { fullSuite: record.fullSuite, randomSuites: record.randomSuites });
  writeFileSync(join(options.results, "summary.json"), `${JSON.stringify({ ...summary, problems }, null, 2)}\n`);
  process.stdout.write(summaryText(summary));
  for (const problem of problems) process.stderr.write(`problem: ${problem}\n`);
  process.stderr.write(
    `report: ${relative(process.cwd(), reportFile) || basename(reportFile)}; raw results: ${options.results}\n`,
  );
  const differences = analysis.comparison?.differences.length ?? 0;
  return differences > 0 || problems.length > 0 ? 1 : 0;
}

export async function main(args: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    return usageFailure("cross", error, usage);
  }
  const say = (text: string) => process.stderr.write(`${text}\n`);
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
  let classifications;
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
    return writeReport(record, options, classifications);
  }

  let missing = missingParts(options.peers, options.peer, options.withGo);
  if (missing.length > 0 && options.build && build(options, [...new Set(missing.map((m) => m.buildTarget))]))
    missing = missingParts(options.peers, options.peer, options.withGo);
  if (missing.length > 0) {
    say(`mls-interop cross: ${missingMessage(options.peers, missing)}`);
    return 3;
  }
  try {
    prepareResults(options.results);
  } catch (error) {
    return usageFailure("cross", error, usage);
  }

  const processes = new Processes();
  const setup: LaneSetup = {
    processes,
    peer: options.peer,
    peers: options.peers,
    dir: options.results,
    startTimeoutMs: 120_000,
  };
  let lanes: Lane[] = [];
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`\n${signal}: stopping the runners and servers this command started`);
    void stopLanes(setup, lanes).finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const started = Date.now();
  try {
    say(`starting ${options.lanes} lane(s): our server and ${options.peer.title} each (logs in ${options.results})`);
    try {
      lanes = await startLanes(setup, options.lanes);
    } catch (error) {
      say(`mls-interop cross: cannot start the servers: ${(error as Error).message}`);
      return 3;
    }
    const first = lanes[0] as Lane;
    const connection = new Connection(first.ours.address);
    const ours = await probe(connection, 10_000).finally(() => connection.close());
    const peer = first.peer.identity;
    const common = ours.suites.filter((s) => peer.suites.includes(s));
    let suites;
    try {
      suites = suitesToPlay(options, common);
    } catch (error) {
      return usageFailure("cross", error, usage);
    }
    say(`${ours.name} × ${peer.name}: common suites ${common.join(", ")}`);
    const items = planItems({
      configs,
      scripts: options.scripts,
      fullSuite: suites.full,
      randomSuites: suites.random,
      withGo: options.withGo,
      lanes: lanes.length,
      dir: options.results,
    });
    const played = await playAll(items, lanes, { setup, seed: options.seed, timeoutS: options.timeoutS }, (item, n) =>
      say(`[${n}/${items.length}] ${item.id} (${Math.round((Date.now() - started) / 1000)} s)`),
    );
    await stopLanes(setup, lanes);
    lanes = [];
    const configDirs = options.configs.map((c) => relative(projectRoot(), resolve(c)) || ".");
    const record: RunRecord = {
      peer: options.peer.id,
      command: `mls-interop cross ${args.join(" ")}`,
      date: new Date().toISOString(),
      ours: { name: ours.name, ...ourCommit() },
      peerName: peer.name,
      peerCommit: sourceCommit(options.peers, options.peer),
      goCommit: options.withGo ? sourceCommit(options.peers, goRunner) : undefined,
      builtAt: builtAt(options.peers),
      configs: { where: configDirs.join(", "), files: configs.length, sha256: configDigest(configs) },
      order: configs.flatMap((c) => c.scripts.map((s) => `${c.name}/${s.name}`)),
      fullSuite: suites.full,
      randomSuites: suites.random,
      seed: options.seed,
      withGo: options.withGo,
      whole: options.whole,
      problems: played.problems,
      outputs: played.outputs,
    };
    saveRecord(options.results, record);
    return writeReport(record, options, classifications);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (lanes.length > 0) await stopLanes(setup, lanes);
  }
}
