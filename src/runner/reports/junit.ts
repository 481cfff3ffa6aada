// JUnit XML for CI dashboards: one testsuite per config file, one testcase
// per script run (classname = config/script, name = suite/mode/assignment).
// Expected failures show as skipped with their known issue; an expected
// failure that now passes is a failing testcase of its own, so CI notices.
import { describeExpectation } from "../expectations.js";
import {
  FinishedRun,
  SessionReport,
  assignmentOf,
  countRuns,
  failedStepLabel,
  modeOf,
  runTitle,
} from "../session-report.js";

function xml(text: string): string {
  // XML 1.0 cannot carry most control characters even escaped; drop them.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "");
  return clean.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function testcaseName(run: FinishedRun): string {
  const { spec } = run.record;
  return `suite ${spec.suite} / ${modeOf(spec.encrypt)} / ${assignmentOf(run.record)}`;
}

function testcase(run: FinishedRun): string {
  const { record } = run;
  const open = `    <testcase classname="${xml(runTitle(record))}" name="${xml(testcaseName(run))}" time="${seconds(record.durationMs)}"`;
  if (run.outcome === "passed") return `${open}/>`;
  const message = `${failedStepLabel(record)}: ${record.error ?? ""}`;
  if (run.outcome === "expected-failure") {
    const e = run.expectation;
    return `${open}>\n      <skipped message="${xml(`expected failure (${e?.known_issue ?? ""}): ${message}`)}"/>\n    </testcase>`;
  }
  const servers = record.spec.script.actors.map(
    (a) => `${a}: ${record.servers[a] ?? "?"} (${record.actors[a] ?? "?"})`,
  );
  const details = [
    message,
    `failed step: ${record.failedStepJson ?? "(after the last step)"}`,
    `servers: ${servers.join(", ")}`,
    `recent RPCs: ${record.transcript.map((t) => `${t.actor} ${t.rpc}`).join(", ") || "none"}`,
  ].join("\n");
  return `${open}>\n      <failure message="${xml(message)}" type="failure">${xml(details)}</failure>\n    </testcase>`;
}

export function junitReport(report: SessionReport): string {
  const byConfig = new Map<string, FinishedRun[]>();
  for (const run of report.runs) {
    const config = run.record.spec.script.config;
    byConfig.set(config, [...(byConfig.get(config) ?? []), run]);
  }
  const suites: string[] = [];
  for (const [config, runs] of byConfig) {
    const failures = runs.filter((r) => r.outcome === "failed").length;
    const skipped = runs.filter((r) => r.outcome === "expected-failure").length;
    const time = runs.reduce((sum, r) => sum + r.record.durationMs, 0);
    suites.push(
      `  <testsuite name="${xml(config)}" tests="${runs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">\n` +
        `${runs.map(testcase).join("\n")}\n  </testsuite>`,
    );
  }
  if (report.stale.length > 0) {
    const cases = report.stale.map(
      (e) =>
        `    <testcase classname="expected-failures" name="${xml(describeExpectation(e))}" time="0">\n` +
        `      <failure message="${xml(`passes now: fixed? remove from expected failures (${e.known_issue})`)}" type="stale-expected-failure"/>\n    </testcase>`,
    );
    suites.push(
      `  <testsuite name="expected-failures" tests="${cases.length}" failures="${cases.length}" errors="0" skipped="0" time="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  const c = countRuns(report);
  const tests = c.total + report.stale.length;
  const failures = c.failed + report.stale.length;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="mls-interop" tests="${tests}" failures="${failures}" errors="0" skipped="${c.expected}" time="${seconds(report.durationMs)}">\n` +
    `${suites.join("\n")}\n</testsuites>\n`
  );
}
