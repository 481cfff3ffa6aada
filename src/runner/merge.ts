// Merging results files: the shards of one matrix (`run --shard I/N` on
// several machines) become the file, and the reports, one machine would
// have written for the same matrix: runs in matrix order, expected failures
// judged over every run, the same counts. Every file is checked against the
// others first, and a merge is refused, naming the file, when they are not
// the shards of one matrix: other configs, tool, seed, filters or shard
// count, a shard given twice, or (unless asked for a partial merge) a shard
// missing.
//
// The Go runner's files carry no session block: they are merged as they
// are (e.g. one per config), checking what can be checked: each is a
// results file, none is given twice, none is mixed with ours.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { basename } from "node:path";
import type { Writable } from "node:stream";
import type { Script } from "./config.js";
import type { RunRecord, ServerEvent } from "./engine.js";
import { Expectations } from "./expectations.js";
import { writeResults, type RunText } from "./reports/json.js";
import { ResultsFormatError } from "./results-file.js";
import { scanResults, spanText, type Span } from "./results-scan.js";
import { SESSION_FORMAT, type SessionBlock, matrixIdentity } from "./session-block.js";
import type { FinishedRun, ServerSummary, SessionReport } from "./session-report.js";
import type { TranscriptEntry } from "./recording-client.js";

export class MergeRefusal extends Error {}

type Json = Record<string, unknown>;

interface ShardRun {
  script: string;
  /** Position in the whole matrix (ours); the Go runner's files: order of reading. */
  index: number;
  file: string;
  span: Span;
  run: Json;
}

export interface ShardFile {
  file: string;
  session?: SessionBlock;
  servers?: ServerSummary[];
  runs: ShardRun[];
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function parseSpan(bytes: Buffer, span: Span, file: string, what: string): unknown {
  try {
    return JSON.parse(bytes.subarray(span.start, span.end).toString("utf8"));
  } catch (error) {
    throw new ResultsFormatError(`${file}: ${what}: ${(error as Error).message}`);
  }
}

function sessionOf(value: unknown, file: string): SessionBlock {
  if (!isObject(value) || value.format !== SESSION_FORMAT)
    throw new ResultsFormatError(
      `${file}: the session block is not ${SESSION_FORMAT} (written by another version of mls-interop?)`,
    );
  return value as unknown as SessionBlock;
}

function serversOf(value: unknown, file: string): ServerSummary[] {
  if (!isObject(value)) throw new ResultsFormatError(`${file}: "servers" is not an object`);
  return Object.entries(value).map(([label, s]) => {
    const o = isObject(s) ? s : {};
    return {
      label,
      address: String(o.address ?? ""),
      name: String(o.name ?? ""),
      suites: Array.isArray(o.ciphersuites) ? o.ciphersuites.map(Number) : [],
    };
  });
}

/**
 * Reads a results file's runs and blocks; the runs' text stays in the file
 * (read again when written out). Transcripts are kept only as the reports
 * keep them: the last few RPCs of a failed run.
 */
export function readShard(file: string): ShardFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ResultsFormatError(`${file}: cannot read: ${(error as Error).message}`);
  }
  const scanned = scanResults(bytes, file);
  const sessionSpan = scanned.top.get("session");
  const serversSpan = scanned.top.get("servers");
  const session =
    sessionSpan === undefined ? undefined : sessionOf(parseSpan(bytes, sessionSpan, file, "session"), file);
  const servers =
    serversSpan === undefined ? undefined : serversOf(parseSpan(bytes, serversSpan, file, "servers"), file);
  const runs = scanned.runs.map(({ script, span }, position) => {
    const run = parseSpan(bytes, span, file, `scripts.${script}`);
    if (!isObject(run)) throw new ResultsFormatError(`${file}: scripts.${script}: a run is not an object`);
    const failed = run.failed_step !== undefined || (run.error !== undefined && run.error !== null);
    run.transcript = failed && Array.isArray(run.transcript) ? run.transcript.slice(-5) : [];
    let index = position;
    if (session !== undefined) {
      if (typeof run.matrix_index !== "number")
        throw new ResultsFormatError(`${file}: scripts.${script}: a run has no matrix_index`);
      index = run.matrix_index;
    }
    return { script, index, file, span, run };
  });
  if (session !== undefined && session.runs !== runs.length)
    throw new ResultsFormatError(
      `${file}: holds ${runs.length} runs, its session block says ${session.runs}: the file is cut short or was edited`,
    );
  return { file, session, servers, runs };
}

const shardName = (s: SessionBlock) =>
  s.shard === undefined ? "the whole matrix" : `shard ${s.shard.index}/${s.shard.count}`;
const shardCount = (s: SessionBlock) => s.shard?.count ?? 1;
const shardIndex = (s: SessionBlock) => s.shard?.index ?? 1;

function differences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

const show = (v: unknown) => (v === undefined ? "none" : JSON.stringify(v));

export interface Merged {
  kind: "ours" | "go";
  files: ShardFile[];
  /** Every run, in the order of the merged file (matrix order for ours). */
  runs: ShardRun[];
  servers?: ServerSummary[];
  session?: SessionBlock;
  /** `I/N` of every shard left out (a partial merge). */
  missing: string[];
  notes: string[];
}

/** Our shards: one matrix, each shard once, none missing unless `partial`. */
function mergeOurs(files: ShardFile[], partial: boolean): Merged {
  const first = files[0] as ShardFile;
  const base = first.session as SessionBlock;
  const identity = matrixIdentity(base);
  const seen = new Map<number, string>();
  for (const f of files) {
    const s = f.session as SessionBlock;
    const differ = differences(identity, matrixIdentity(s));
    if (differ.length > 0) {
      const what = differ.map((k) => `${k} ${show(matrixIdentity(s)[k])} (${first.file}: ${show(identity[k])})`);
      throw new MergeRefusal(`${f.file}: not a shard of the same matrix as ${first.file}: ${what.join("; ")}`);
    }
    if (shardCount(s) !== shardCount(base))
      throw new MergeRefusal(
        `${f.file}: ${shardName(s)}, but ${first.file} is ${shardName(base)}: shards of different shard counts`,
      );
    const servers = (list?: ServerSummary[]) => JSON.stringify((list ?? []).map((x) => [x.label, x.name, x.suites]));
    if (servers(f.servers) !== servers(first.servers))
      throw new MergeRefusal(
        `${f.file}: its servers (labels, names, suites) differ from ${first.file}'s: ${servers(f.servers)} against ${servers(first.servers)}`,
      );
    const earlier = seen.get(shardIndex(s));
    if (earlier !== undefined) throw new MergeRefusal(`${f.file}: ${shardName(s)} is given twice (also ${earlier})`);
    seen.set(shardIndex(s), f.file);
  }
  const count = shardCount(base);
  const missing = Array.from({ length: count }, (_, i) => i + 1)
    .filter((i) => !seen.has(i))
    .map((i) => `${i}/${count}`);
  if (missing.length > 0 && !partial)
    throw new MergeRefusal(
      `shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing (the files given: ${files.map((f) => f.file).join(", ")}); --partial merges what is there`,
    );
  const runs = files.flatMap((f) => f.runs).sort((a, b) => a.index - b.index);
  const twice = runs.find((r, i) => i > 0 && runs[i - 1]?.index === r.index);
  if (twice !== undefined)
    throw new MergeRefusal(`${twice.file}: the run at matrix_index ${twice.index} is in another file too`);
  const sessions = files.map((f) => f.session as SessionBlock);
  const skipped = sessions.reduce((n, s) => n + s.skipped, 0);
  if (missing.length === 0 && runs.length + skipped !== base.matrix_runs)
    throw new MergeRefusal(
      `the shards hold ${runs.length} runs (and ${skipped} skipped by --fail-fast), the matrix has ${base.matrix_runs}: a file is cut short`,
    );
  const notes =
    missing.length === 0
      ? []
      : [
          `partial merge: shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing: ` +
            `${base.matrix_runs - runs.length - skipped} of the matrix's ${base.matrix_runs} runs are not here`,
        ];
  const session: SessionBlock = {
    ...base,
    shard: undefined,
    runs: runs.length,
    skipped,
    started_at: sessions.map((s) => s.started_at).sort()[0] ?? base.started_at,
    duration_ms: Math.max(...sessions.map((s) => s.duration_ms)),
    warnings: [...base.warnings, ...notes],
    missing_shards: missing.length === 0 ? undefined : missing,
  };
  return { kind: "ours", files, runs, servers: mergedServers(files), session, missing, notes };
}

/** The servers of every shard: same labels, names and suites (checked), each shard's own addresses. */
function mergedServers(files: readonly ShardFile[]): ServerSummary[] | undefined {
  const first = files[0]?.servers;
  if (first === undefined) return undefined;
  return first.map((s) => {
    const addresses = [...new Set(files.map((f) => f.servers?.find((x) => x.label === s.label)?.address ?? ""))];
    return { ...s, address: addresses.join(" | ") };
  });
}

/** The Go runner's files: their runs in the order given, each script's runs after the other files'. */
function mergeGo(files: ShardFile[]): Merged {
  let position = 0;
  const runs = files.flatMap((f) => f.runs.map((r) => ({ ...r, index: position++ })));
  const cells = new Map<string, string>();
  const notes: string[] = [];
  for (const f of files)
    for (const r of f.runs) {
      const cell = `${r.script} suite ${String(r.run.cipher_suite)} ${r.run.encrypt_flag === true ? "private" : "public"}`;
      const other = cells.get(cell);
      if (other !== undefined && other !== f.file) {
        notes.push(
          `${cell} is in ${other} and ${f.file}: two configs sharing a script name (the Go runner's files name no config)`,
        );
        cells.set(cell, f.file);
      } else cells.set(cell, f.file);
    }
  return { kind: "go", files, runs, missing: [], notes: [...new Set(notes)] };
}

/** Checks the files against each other and puts their runs in one order; throws MergeRefusal. */
export function mergeShards(files: ShardFile[], options: { partial: boolean }): Merged {
  if (files.length === 0) throw new MergeRefusal("no results files to merge");
  const ours = files.filter((f) => f.session !== undefined);
  if (ours.length > 0 && ours.length < files.length) {
    const go = files.find((f) => f.session === undefined) as ShardFile;
    throw new MergeRefusal(
      `${go.file}: has no session block (the Go runner's format, or written before mls-interop recorded one), ` +
        `${ours[0]?.file} has one: merge files of one kind`,
    );
  }
  return ours.length > 0 ? mergeOurs(files, options.partial) : mergeGo(files);
}

/** Refuses the same file given twice (by path or by content) before anything is read twice. */
export function refuseSameFiles(files: readonly string[], digest: (file: string) => string): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = digest(file);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new MergeRefusal(`${file}: the same results as ${earlier} (given twice)`);
    seen.set(key, file);
  }
}

/** Writes the merged results file, each run's text as its shard wrote it. */
export async function writeMerged(merged: Merged, out: Writable): Promise<void> {
  const fds = new Map<string, number>();
  try {
    const runs: RunText[] = merged.runs.map((r) => ({
      script: r.script,
      read: () => {
        let fd = fds.get(r.file);
        if (fd === undefined) fds.set(r.file, (fd = openSync(r.file, "r")));
        const bytes = Buffer.alloc(r.span.end - r.span.start);
        readSync(fd, bytes, 0, bytes.length, r.span.start);
        return spanText(bytes, { ...r.span, start: 0, end: bytes.length });
      },
    }));
    await writeResults(out, runs, { servers: merged.servers, session: merged.session });
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
}

/** The action of a failed step from its JSON (the Go runner's files carry no script shapes). */
function actionOf(json: unknown): string {
  if (typeof json !== "string") return "?";
  try {
    const step = JSON.parse(json) as Json;
    const key = Object.keys(step).find((k) => k.toLowerCase() === "action");
    return key === undefined ? "?" : String(step[key]);
  } catch {
    return "?";
  }
}

function scriptOf(r: ShardRun, merged: Merged): Script {
  const run = r.run;
  const config = typeof run.config === "string" ? run.config : basename(r.file);
  const shape = merged.session?.shapes[`${config}/${r.script}`];
  const actors = shape?.actors ?? Object.keys(isObject(run.actors) ? run.actors : {}).sort();
  const actions =
    shape?.steps ??
    (typeof run.failed_step === "number"
      ? Array.from({ length: run.failed_step + (run.failed_step_json === undefined ? 0 : 1) }, (_, i) =>
          i === run.failed_step ? actionOf(run.failed_step_json) : "?",
        )
      : []);
  const steps = actions.map((action, index) => ({ index, action, actor: "", params: {}, json: "" }));
  return { config, name: r.script, actors, steps };
}

const strings = (v: unknown): Record<string, string> =>
  isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};

/** The session report one machine would have handed the report writers, from the merged runs. */
export function mergedReport(merged: Merged): SessionReport {
  const session = merged.session;
  const expectations = new Expectations(session?.expected_failures ?? []);
  const scripts = new Map<string, Script>();
  const runs: FinishedRun[] = merged.runs.map((r) => {
    const run = r.run;
    const script = scriptOf(r, merged);
    const key = `${script.config}/${script.name}`;
    const shared = scripts.get(key) ?? script;
    scripts.set(key, shared);
    const failed = run.failed_step !== undefined || (run.error !== undefined && run.error !== null);
    const record: RunRecord = {
      spec: {
        id: r.index,
        script: session === undefined ? script : shared,
        suite: Number(run.cipher_suite ?? 0),
        encrypt: run.encrypt_flag === true,
        assignment: [],
      },
      actors: strings(run.actors),
      servers: strings(run.assignment),
      transcript: (run.transcript ?? []) as TranscriptEntry[],
      error: run.error === undefined || run.error === null ? undefined : String(run.error),
      failedStep: typeof run.failed_step === "number" ? run.failed_step : undefined,
      failedStepJson: typeof run.failed_step_json === "string" ? run.failed_step_json : undefined,
      durationMs: typeof run.duration_ms === "number" ? run.duration_ms : 0,
      events: Array.isArray(run.server_events) ? (run.server_events as ServerEvent[]) : undefined,
    };
    const expectation = expectations.classify(
      { config: script.config, script: script.name, suite: record.spec.suite, encrypt: record.spec.encrypt },
      failed,
    );
    return {
      record,
      outcome: !failed ? "passed" : expectation === undefined ? "failed" : "expected-failure",
      expectation,
    };
  });
  return {
    startedAt: new Date(session?.started_at ?? 0),
    durationMs: session?.duration_ms ?? runs.reduce((n, r) => n + r.record.durationMs, 0),
    servers: merged.servers ?? [],
    runs,
    skipped: session?.skipped ?? 0,
    stale: expectations.stale(),
    unexercised: expectations.unexercised(),
    warnings: session === undefined ? merged.notes : session.warnings,
    seed: session?.random === true ? session.seed : undefined,
  };
}
