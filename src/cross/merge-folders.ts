// Merging cross results folders: the jobs of a matrix fanned out (`cross
// --pair A:B --shard I/N`, or `cross --shard I/N` for every combination)
// each wrote a folder with its run.json and results; merged, they are one
// results folder whose run.json describes the whole matrix as `cross
// --skip-go` on one machine would have, so that the reports written from it
// are that run's. Each combination's shards must all be there, each once,
// from one matrix (configs, seed, our commit, the stacks as they answered);
// each pass's results files are merged as `run` shards are, with the same
// checks (runner/merge.ts).
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { parseShard, type Shard } from "../runner/matrix.js";
import { mergeShards, readShard, writeMerged } from "../runner/merge.js";
import type { Output } from "./play.js";
import { type ComboSuites, type Pass, comboFile, combos } from "./plan.js";
import { type PlayedStack, type RunRecord, loadRecord } from "./record.js";

export class CrossMergeRefusal extends Error {}

interface Job {
  folder: string;
  record: RunRecord;
  shard: Shard;
}

const RECORD = "run.json";
const MARKER = ".mls-interop-cross";

function readJob(folder: string): Job {
  if (!existsSync(join(folder, RECORD)))
    throw new CrossMergeRefusal(`${folder}: no ${RECORD}: not a results folder of mls-interop cross`);
  let record: RunRecord;
  try {
    record = loadRecord(folder);
  } catch (error) {
    throw new CrossMergeRefusal(`${join(folder, RECORD)}: unreadable: ${(error as Error).message}`);
  }
  let shard: Shard;
  try {
    shard = parseShard(record.shard ?? "1/1");
  } catch (error) {
    throw new CrossMergeRefusal(`${join(folder, RECORD)}: ${(error as Error).message}`);
  }
  return { folder, record, shard };
}

const shardText = (s: Shard) => `${s.index}/${s.count}`;
const stackFacts = (s: PlayedStack) => JSON.stringify([s.name, s.repository, s.suites, s.commit.commit ?? null]);

/** The jobs must be of one matrix: same configs, seed, our commit and stacks. */
function checkJobs(jobs: readonly Job[]): Map<string, PlayedStack> {
  const first = jobs[0] as Job;
  const facts = (j: Job) => ({
    configs: j.record.configs.sha256,
    "config order": j.record.order,
    seed: j.record.seed,
    "our commit": j.record.ours.commit,
  });
  const stacks = new Map<string, { stack: PlayedStack; folder: string }>();
  for (const job of jobs) {
    const a = facts(first);
    const b = facts(job);
    const differ = (Object.keys(a) as Array<keyof typeof a>).filter(
      (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
    );
    if (differ.length > 0)
      throw new CrossMergeRefusal(
        `${job.folder}: not a job of the same matrix as ${first.folder}: ` +
          differ.map((k) => `${k} ${JSON.stringify(b[k])} (${first.folder}: ${JSON.stringify(a[k])})`).join("; "),
      );
    for (const stack of job.record.stacks) {
      const seen = stacks.get(stack.id);
      if (seen !== undefined && stackFacts(seen.stack) !== stackFacts(stack))
        throw new CrossMergeRefusal(
          `${job.folder}: stack ${stack.id} is ${stackFacts(stack)}, in ${seen.folder} ${stackFacts(seen.stack)}: not the same stack`,
        );
      if (seen === undefined) stacks.set(stack.id, { stack, folder: job.folder });
    }
  }
  return new Map([...stacks].map(([id, s]) => [id, s.stack]));
}

/** The stacks in the stacks file's order (recorded), else in the order the combinations imply. */
function stackOrder(jobs: readonly Job[], ids: readonly string[]): string[] {
  const declared = jobs.find((j) => j.record.declared !== undefined)?.record.declared ?? [];
  const implied: string[] = [];
  for (const job of jobs)
    for (const c of job.record.combos) for (const id of c.combo.stacks) if (!implied.includes(id)) implied.push(id);
  const rank = (id: string) => {
    const d = declared.indexOf(id);
    return d >= 0 ? d : declared.length + implied.indexOf(id);
  };
  return [...ids].sort((a, b) => rank(a) - rank(b));
}

/** `cross` as one machine would have been asked for the same matrix: no shard, no results folder of a job. */
function wholeCommand(command: string, ids: readonly string[], played: readonly ComboSuites[]): string {
  const perJob = new Set(["--shard", "--pair", "--peer", "--results", "--reports"]);
  const words = command.split(" ");
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const flag = word.replace(/=.*$/, "");
    if (perJob.has(flag)) {
      if (!word.includes("=")) i++;
      continue;
    }
    if (flag === "--no-alone") continue;
    kept.push(word);
  }
  if (!kept.includes("--skip-go")) kept.push("--skip-go");
  const key = (list: readonly { combo: { id: string } }[]) => JSON.stringify(list.map((c) => c.combo.id).sort());
  const have = key(played);
  if (have === key(combos(ids, { alone: false }).map((combo) => ({ combo })))) kept.push("--no-alone");
  else if (have !== key(combos(ids, { alone: true }).map((combo) => ({ combo }))))
    for (const c of played)
      kept.push("--pair", c.combo.stacks.length === 1 ? `${c.combo.stacks[0]}:` : c.combo.stacks.join(":"));
  return kept.join(" ");
}

/** Copies a job's logs (everything but its record and results) under logs/<job folder>/. */
function copyLogs(job: Job, out: string, taken: Set<string>): void {
  let name = basename(job.folder) || "job";
  for (let n = 2; taken.has(name); n++) name = `${basename(job.folder)}-${n}`;
  taken.add(name);
  const results = new Set(job.record.outputs.map((o) => join(job.folder, o.file)));
  const skip = (path: string) =>
    results.has(path) || [RECORD, MARKER].includes(relative(job.folder, path)) || /\.(md|json|html)$/.test(path);
  const copy = (from: string) => {
    for (const entry of readdirSync(from)) {
      const path = join(from, entry);
      if (statSync(path).isDirectory()) copy(path);
      else if (!skip(path)) {
        const to = join(out, "logs", name, relative(job.folder, path));
        mkdirSync(dirname(to), { recursive: true });
        cpSync(path, to);
      }
    }
  };
  copy(job.folder);
}

export interface CrossMerge {
  record: RunRecord;
  /** `combo shard I/N` of every shard left out (a partial merge). */
  missing: string[];
}

/**
 * Merges the folders' results into `out` (an emptied folder) and returns the
 * run record of the whole matrix; the caller writes the reports from it.
 * Throws CrossMergeRefusal, MergeRefusal or ResultsFormatError, naming the folder or file.
 */
export async function mergeCrossFolders(
  folders: readonly string[],
  out: string,
  options: { partial: boolean; note: (text: string) => void },
): Promise<CrossMerge> {
  const jobs = folders.map(readJob);
  const stacks = checkJobs(jobs);
  const ids = stackOrder(jobs, [...stacks.keys()]);

  // Each combination's shards: every index of one count once, the same suites played in each.
  const byCombo = new Map<string, { suites: ComboSuites; count: number; shards: Map<number, Job> }>();
  for (const job of jobs)
    for (const suites of job.record.combos) {
      const entry = byCombo.get(suites.combo.id) ?? { suites, count: job.shard.count, shards: new Map<number, Job>() };
      byCombo.set(suites.combo.id, entry);
      if (entry.count !== job.shard.count) {
        const other = [...entry.shards.values()][0] as Job;
        throw new CrossMergeRefusal(
          `${job.folder}: ${suites.combo.id} shard ${shardText(job.shard)}, but ${other.folder} has it as shard ${shardText(other.shard)}: shards of different shard counts`,
        );
      }
      const twice = entry.shards.get(job.shard.index);
      if (twice !== undefined)
        throw new CrossMergeRefusal(
          `${job.folder}: ${suites.combo.id} shard ${shardText(job.shard)} is given twice (also ${twice.folder})`,
        );
      if (JSON.stringify(entry.suites) !== JSON.stringify(suites))
        throw new CrossMergeRefusal(
          `${job.folder}: ${suites.combo.id} plays suites ${JSON.stringify(suites)}, another shard ${JSON.stringify(entry.suites)}`,
        );
      entry.shards.set(job.shard.index, job);
    }
  const missing: string[] = [];
  for (const [combo, entry] of byCombo)
    for (let i = 1; i <= entry.count; i++) if (!entry.shards.has(i)) missing.push(`${combo} shard ${i}/${entry.count}`);
  if (missing.length > 0 && !options.partial)
    throw new CrossMergeRefusal(`missing: ${missing.join(", ")}; --partial merges what is there`);

  const canonical = combos(ids, { alone: true }).map((c) => c.id);
  const played = [...byCombo.values()]
    .map((e) => e.suites)
    .sort((a, b) => canonical.indexOf(a.combo.id) - canonical.indexOf(b.combo.id));
  const outputs: Output[] = [];
  const problems = jobs.flatMap((j) => j.record.problems);
  for (const suites of played) {
    const entry = byCombo.get(suites.combo.id) as NonNullable<ReturnType<typeof byCombo.get>>;
    const own = [...entry.shards.values()].flatMap((job) =>
      job.record.outputs.filter((o) => o.combo === suites.combo.id).map((o) => ({ job, output: o })),
    );
    for (const pass of ["full", "random"] as Pass[]) {
      const files = own.filter((o) => o.output.runner === "ours" && o.output.pass === pass);
      if (files.length === 0) continue;
      const merged = mergeShards(
        files.map((f) => readShard(join(f.job.folder, f.output.file))),
        { partial: options.partial },
      );
      for (const n of merged.notes) options.note(`${suites.combo.id} ${pass}: ${n}`);
      const file = join(comboFile(suites.combo), `ours-${pass}.json`);
      mkdirSync(join(out, comboFile(suites.combo)), { recursive: true });
      const stream = createWriteStream(join(out, file));
      await writeMerged(merged, stream);
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      outputs.push({ file, combo: suites.combo.id, runner: "ours", pass });
    }
    // A job that played the Go runner too (one unsharded cross): its files as they are.
    for (const { job, output } of own.filter((o) => o.output.runner === "go")) {
      mkdirSync(dirname(join(out, output.file)), { recursive: true });
      cpSync(join(job.folder, output.file), join(out, output.file));
      outputs.push(output);
    }
  }
  for (const m of missing)
    problems.push(`${m.replace(" shard ", ": shard ")} missing from the merge: its runs are not in these reports`);
  const taken = new Set<string>();
  for (const job of jobs) copyLogs(job, out, taken);

  const first = (jobs[0] as Job).record;
  const playedIds = new Set(ids);
  const skipped = new Map<string, string>();
  for (const job of jobs) for (const s of job.record.skipped) if (!playedIds.has(s.id)) skipped.set(s.id, s.why);
  const withGo = outputs.some((o) => o.runner === "go");
  const record: RunRecord = {
    command: withGo ? first.command : wholeCommand(first.command, ids, played),
    date:
      jobs
        .map((j) => j.record.date)
        .sort()
        .at(-1) ?? first.date,
    ours: first.ours,
    stacks: ids.map((id) => stacks.get(id) as PlayedStack),
    declared: jobs.find((j) => j.record.declared !== undefined)?.record.declared,
    skipped: [...skipped].map(([id, why]) => ({ id, why })),
    goCommit: jobs.find((j) => j.record.goCommit !== undefined)?.record.goCommit,
    configs: first.configs,
    order: first.order,
    combos: played,
    seed: first.seed,
    withGo,
    shard: undefined,
    whole: false,
    problems,
    incidents: jobs.flatMap((j) => j.record.incidents),
    outputs,
    durationS: Math.max(...jobs.map((j) => j.record.durationS)),
  };
  return { record, missing };
}
