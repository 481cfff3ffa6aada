// The results file in the Go runner's format, which the working group's
// active_to_passive converter reads: {"scripts": {name: [run, ...]}}, maps
// with sorted keys and two-space indentation as json.MarshalIndent writes.
//
// Fields the Go runner does not write, which its readers ignore:
//   run.config       the config file the script came from (script names
//                    repeat across configs, e.g. external_psk)
//   run.matrix_index the run's position in the whole matrix (before --shard)
//   run.assignment   actor → server label (s1, s2, ...), which tells runs
//                    apart even when servers share a name
//   run.duration_ms
//   run.server_events  what a supervised server did during the run (cross)
//   servers          label → {address, name, ciphersuites}
//   session          what played the matrix and how (session-block.ts),
//                    which `merge` checks shards against each other by
//
// Transcripts make the file large (tens of KB per run), so finished runs are
// spooled to a temporary file and copied out in matrix order at the end.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { RunRecord } from "../engine.js";
import type { SessionBlock } from "../session-block.js";
import type { ServerSummary } from "../session-report.js";

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One run as the results file shows it; absent fields follow Go's omitempty. */
export function resultsRun(record: RunRecord): Record<string, unknown> {
  const run: Record<string, unknown> = {
    cipher_suite: record.spec.suite,
    actors: sorted(record.actors),
    encrypt_flag: record.spec.encrypt,
  };
  if (record.transcript.length > 0) run.transcript = record.transcript;
  if (record.error !== undefined) run.error = record.error;
  if (record.failedStep !== undefined) run.failed_step = record.failedStep;
  if (record.failedStepJson !== undefined) run.failed_step_json = record.failedStepJson;
  run.config = record.spec.script.config;
  run.matrix_index = record.spec.id;
  run.assignment = sorted(record.servers);
  run.duration_ms = Math.round(record.durationMs);
  if (record.events !== undefined && record.events.length > 0) run.server_events = record.events;
  return run;
}

/** Shifts every line after the first by `spaces` (JSON text has no newline inside a string). */
export function indent(text: string, spaces: number): string {
  return text.replaceAll("\n", `\n${" ".repeat(spaces)}`);
}

/** One run's JSON text, two-space indented from column 0, under its script's name. */
export interface RunText {
  script: string;
  read(): string;
}

/**
 * Writes a results file: the runs grouped by script name (sorted, as Go's
 * encoding/json writes a map), each script's runs in the order given; then
 * our servers and session blocks when there are any. The spool and `merge`
 * both write through here, so a merged file is laid out as one session's.
 */
export async function writeResults(
  out: Writable,
  runs: readonly RunText[],
  extra: { servers?: readonly ServerSummary[]; session?: SessionBlock },
): Promise<void> {
  const byScript = new Map<string, RunText[]>();
  for (const run of runs) byScript.set(run.script, [...(byScript.get(run.script) ?? []), run]);
  const names = [...byScript.keys()].sort();
  const tail: string[] = [];
  if (extra.servers !== undefined) {
    const summary = Object.fromEntries(
      extra.servers.map((s) => [s.label, { address: s.address, name: s.name, ciphersuites: s.suites }]),
    );
    tail.push(`  "servers": ${indent(JSON.stringify(summary, null, 2), 2)}`);
  }
  if (extra.session !== undefined) tail.push(`  "session": ${indent(JSON.stringify(extra.session, null, 2), 2)}`);
  const after = tail.length > 0 ? "," : "";
  await put(out, names.length === 0 ? `{\n  "scripts": {}${after}\n` : '{\n  "scripts": {\n');
  for (const [n, name] of names.entries()) {
    await put(out, `    ${JSON.stringify(name)}: [\n`);
    const list = byScript.get(name) ?? [];
    for (const [i, run] of list.entries()) {
      await put(out, `      ${indent(run.read(), 6)}${i + 1 < list.length ? "," : ""}\n`);
    }
    await put(out, `    ]${n + 1 < names.length ? "," : ""}\n`);
  }
  if (names.length > 0) await put(out, `  }${after}\n`);
  await put(out, tail.length === 0 ? "}\n" : `${tail.join(",\n")}\n}\n`);
}

interface Slice {
  script: string;
  id: number;
  offset: number;
  length: number;
}

export class ResultsSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), "mls-interop-results-"));
  private readonly fd = openSync(join(this.dir, "runs.json"), "w+");
  private readonly slices: Slice[] = [];
  private size = 0;

  add(record: RunRecord): void {
    const bytes = Buffer.from(JSON.stringify(resultsRun(record), null, 2));
    writeSync(this.fd, bytes, 0, bytes.length, this.size);
    this.slices.push({ script: record.spec.script.name, id: record.spec.id, offset: this.size, length: bytes.length });
    this.size += bytes.length;
  }

  async write(out: Writable, servers: readonly ServerSummary[], session?: SessionBlock): Promise<void> {
    const runs = [...this.slices]
      .sort((a, b) => a.id - b.id)
      .map((slice) => ({
        script: slice.script,
        read: () => {
          const buffer = Buffer.alloc(slice.length);
          readSync(this.fd, buffer, 0, slice.length, slice.offset);
          return buffer.toString("utf8");
        },
      }));
    await writeResults(out, runs, { servers, session });
  }

  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function put(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
