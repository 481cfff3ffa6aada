// Test helper: hand-made run records and session reports for the report writers.
import type { Script } from "../config.js";
import type { RunRecord } from "../engine.js";
import type { ExpectedFailure } from "../expectations.js";
import type { FinishedRun, Outcome, SessionReport } from "../session-report.js";

export function script(name: string, config = "c.json", actors = ["alice", "bob"]): Script {
  const steps = [
    { index: 0, action: "createGroup", actor: "alice", params: {}, json: '{"action":"createGroup"}' },
    { index: 1, action: "fullCommit", actor: "alice", params: {}, json: '{"action":"fullCommit"}' },
  ];
  return { config, name, steps, actors };
}

let nextId = 0;

export function record(
  s: Script,
  options: { suite?: number; encrypt?: boolean; error?: string; failedStep?: number; id?: number } = {},
): RunRecord {
  const failed = options.error !== undefined;
  return {
    spec: {
      id: options.id ?? nextId++,
      script: s,
      suite: options.suite ?? 1,
      encrypt: options.encrypt ?? true,
      assignment: s.actors.map(() => 0),
    },
    actors: Object.fromEntries(s.actors.map((a) => [a, "impl"])),
    servers: Object.fromEntries(s.actors.map((a, i) => [a, `s${i + 1}`])),
    transcript: [{ actor: "alice", rpc: "CreateGroup", request: { cipher_suite: 1 }, response: { state_id: 1 } }],
    error: options.error,
    failedStep: failed ? (options.failedStep ?? 1) : undefined,
    failedStepJson: failed ? s.steps[options.failedStep ?? 1]?.json : undefined,
    durationMs: 12.5,
  };
}

export function finished(
  r: RunRecord,
  outcome: Outcome = r.error === undefined ? "passed" : "failed",
  expectation?: ExpectedFailure,
): FinishedRun {
  return { record: r, outcome, expectation };
}

export function report(runs: FinishedRun[], extra: Partial<SessionReport> = {}): SessionReport {
  return {
    startedAt: new Date(0),
    durationMs: 61_000,
    servers: [
      { label: "s1", address: "127.0.0.1:1", name: "impl", suites: [1, 2] },
      { label: "s2", address: "127.0.0.1:2", name: "impl", suites: [1] },
    ],
    runs,
    skipped: 0,
    stale: [],
    unexercised: [],
    warnings: [],
    ...extra,
  };
}
