// The results file in the Go runner's format, which the working group's
// active_to_passive converter reads: {"scripts": {name: [run, ...]}}, maps
// with sorted keys and two-space indentation as json.MarshalIndent writes.
//
// Fields the Go runner does not write, which its readers ignore:
//   run.config       the config file the script came from (script names
//                    repeat across configs, e.g. external_psk)
//   run.assignment   actor → server label (s1, s2, ...), which tells runs
//                    apart even when servers share a name
//   run.duration_ms
//   run.server_events  what a supervised server did during the run (cross)
//   servers          label → {address, name, ciphersuites}
//
// Transcripts make the file large (tens of KB per run), so finished runs are
// spooled to a temporary file and copied out in matrix order at the end.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { RunRecord } from "../engine.js";
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
  run.assignment = sorted(record.servers);
  run.duration_ms = Math.round(record.durationMs);
  if (record.events !== undefined && record.events.length > 0) run.server_events = record.events;
  return run;
}

function indent(text: string, spaces: number): string {
  return text.replaceAll("\n", `\n${" ".repeat(spaces)}`);
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

  async write(out: Writable, servers: readonly ServerSummary[]): Promise<void> {
    const byScript = new Map<string, Slice[]>();
    for (const slice of [...this.slices].sort((a, b) => a.id - b.id)) {
      byScript.set(slice.script, [...(byScript.get(slice.script) ?? []), slice]);
    }
    const names = [...byScript.keys()].sort();
    await put(out, names.length === 0 ? '{\n  "scripts": {},\n' : '{\n  "scripts": {\n');
    for (const [n, name] of names.entries()) {
      await put(out, `    ${JSON.stringify(name)}: [\n`);
      const slices = byScript.get(name) ?? [];
      for (const [i, slice] of slices.entries()) {
        const buffer = Buffer.alloc(slice.length);
        readSync(this.fd, buffer, 0, slice.length, slice.offset);
        await put(out, `      ${indent(buffer.toString("utf8"), 6)}${i + 1 < slices.length ? "," : ""}\n`);
      }
      await put(out, `    ]${n + 1 < names.length ? "," : ""}\n`);
    }
    if (names.length > 0) await put(out, "  },\n");
    const summary = Object.fromEntries(
      servers.map((s) => [s.label, { address: s.address, name: s.name, ciphersuites: s.suites }]),
    );
    await put(out, `  "servers": ${indent(JSON.stringify(summary, null, 2), 2)}\n}\n`);
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
