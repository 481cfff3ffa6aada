// Whose defect a cross-stack failure is. A committed JSON list
// (configs/results/classifications.json) names them by config and script,
// narrowed by peer and by a pattern over the failure, each with evidence:
//
//   [{"config": "commit.json", "script": "update", "peer": "mlspp",   (script: a name or a list)
//     "match": "Path required but not present",
//     "fault": "ours", "reason": "...", "evidence": "KNOWN-ISSUES.md#path-required-rule"}]
//
// `fault` is "ours" (evidence: a KNOWN-ISSUES.md entry or the protocol-layer
// issue), "peer" (evidence: what the other stack does wrong, with the RFC
// section or the peer's source), or "runner". A failure our server reports
// itself as UNIMPLEMENTED cites its KNOWN-ISSUES.md entry in its message, and
// is classified by that without an entry.
import { EntryCheck, parseEntries, readEntries } from "../runner/json-entries.js";
import type { FailureInfo } from "./failures.js";

export type Fault = "ours" | "peer" | "runner";

export interface Classification {
  config: string;
  /** One script, or several that fail the same way. */
  script: string | string[];
  peer?: string;
  /** A regular expression over `STEP | SIDE | CAUSE` of the failure. */
  match?: string;
  fault: Fault;
  reason: string;
  evidence: string;
}

export interface Verdict {
  fault: Fault;
  reason: string;
  evidence: string;
  /** Where the classification came from. */
  source: "classifications" | "known issue cited by our server" | "stale state found in the results";
}

export class ClassificationError extends Error {}

const FIELDS = ["config", "script", "peer", "match", "fault", "reason", "evidence"];
const FAULTS: readonly string[] = ["ours", "peer", "runner"];

const checkEntry: EntryCheck = (e, fail) => {
  for (const key of ["config", "reason", "evidence"])
    if (typeof e[key] !== "string" || e[key] === "") fail(`"${key}" must be a non-empty string`);
  const scripts = Array.isArray(e.script) ? (e.script as unknown[]) : [e.script];
  if (scripts.length === 0 || scripts.some((x) => typeof x !== "string" || x === ""))
    fail(`"script" must be a script name or a list of them`);
  if (typeof e.fault !== "string" || !FAULTS.includes(e.fault)) fail(`"fault" must be one of ${FAULTS.join(", ")}`);
  if (e.peer !== undefined && typeof e.peer !== "string") fail(`"peer" must be a string`);
  if (e.match !== undefined) {
    if (typeof e.match !== "string") fail(`"match" must be a string`);
    try {
      new RegExp(e.match as string);
    } catch (error) {
      fail(`"match" is not a regular expression: ${(error as Error).message}`);
    }
  }
  if (e.fault === "ours" && !/KNOWN-ISSUES\.md#[a-z0-9-]+|issue \d+/i.test(e.evidence as string))
    fail(`a fault of ours cites its KNOWN-ISSUES.md#anchor or the issue that fixes it`);
};

export function parseClassifications(file: string, text: string): Classification[] {
  return parseEntries(file, text, FIELDS, checkEntry, ClassificationError) as unknown as Classification[];
}

export function loadClassifications(file: string): Classification[] {
  return readEntries(file, FIELDS, checkEntry, ClassificationError) as unknown as Classification[];
}

export function failureText(f: FailureInfo): string {
  return `${f.step} | ${f.side} | ${f.cause}`;
}

export function classify(
  entries: readonly Classification[],
  where: { config: string; script: string; peer: string },
  failure: FailureInfo,
): Verdict | undefined {
  const text = failureText(failure);
  const entry = entries.find(
    (e) =>
      e.config === where.config &&
      (Array.isArray(e.script) ? e.script.includes(where.script) : e.script === where.script) &&
      (e.peer === undefined || e.peer === where.peer) &&
      (e.match === undefined || new RegExp(e.match).test(text)),
  );
  if (entry !== undefined)
    return { fault: entry.fault, reason: entry.reason, evidence: entry.evidence, source: "classifications" };
  const cited = /KNOWN-ISSUES\.md#[a-z0-9-]+/.exec(failure.cause);
  if (failure.server === "ours" && cited !== null)
    return {
      fault: "ours",
      reason: "our server refuses what the pinned ts-mls cannot do, and says so",
      evidence: cited[0],
      source: "known issue cited by our server",
    };
  return undefined;
}
