// Whose defect a cross-stack failure is. Some verdicts need no one: a stack
// that answers UNIMPLEMENTED, panics, dies or hangs failed the run itself,
// and our server names the KNOWN-ISSUES.md entry of what the pinned library
// cannot do. The rest are judged once and committed as a JSON list
// (configs/results/classifications.json), each entry naming the failures it
// covers by config and script, narrowed by the stacks played and a pattern
// over the failure, with its evidence:
//
//   [{"config": "commit.json", "script": "update", "stacks": ["mlspp"],   (script: a name or a list)
//     "match": "Path required but not present",
//     "fault": "mlspp", "reason": "...", "evidence": "docs/peer-issues.md#mlspp-path-required"}]
//
// `chance`, where present, says why the failure shows in some plays of an
// assignment only (a stack's random GREASE values, a clock read at a second's
// edge): the two runners then differ on such an assignment by chance.
//
// `fault` is a stack's id or "runner". A fault of ours cites its
// KNOWN-ISSUES.md entry or the issue that fixes it; another stack's cites
// docs/peer-issues.md, where a defect several combinations hit is written once
// with the RFC section and the stack's source.
import { EntryCheck, parseEntries, readEntries } from "../runner/json-entries.js";
import type { FailureInfo } from "./failures.js";

export interface Classification {
  /** A config's file name, or "*": a failure that any config can meet (with `script` "*"). */
  config: string;
  /** One script, several that fail the same way, or "*": any. */
  script: string | string[];
  /** Only where these stacks were played (all of them). */
  stacks?: string[];
  /** A regular expression over `STEP | SIDE | CAUSE` of the failure. */
  match?: string;
  /** A stack's id, or "runner". */
  fault: string;
  reason: string;
  evidence: string;
  /**
   * Why the failure shows in some plays of an assignment and not in others
   * (a stack's random choices, a clock): where the two runners' verdicts on
   * an assignment differ by such a failure, they differ by chance.
   */
  chance?: string;
}

export interface Verdict {
  fault: string;
  reason: string;
  evidence: string;
  chance?: string;
  /** Where the verdict came from. */
  source:
    | "classifications"
    | "known issue cited by our server"
    | "stale state found in the results"
    | "the stack lacks the method"
    | "the stack fell over"
    | "the same cause in our runner's runs";
}

export class ClassificationError extends Error {}

const FIELDS = ["config", "script", "stacks", "match", "fault", "reason", "evidence", "chance"];
const ID = /^[a-z][a-z0-9-]{0,23}$/;

/** The stack id of this project's server in every stacks file (configs/stacks/local.json). */
export const OURS = "ours";

const checkEntry: EntryCheck = (e, fail) => {
  for (const key of ["config", "reason", "evidence", "fault"])
    if (typeof e[key] !== "string" || e[key] === "") fail(`"${key}" must be a non-empty string`);
  const scripts = Array.isArray(e.script) ? (e.script as unknown[]) : [e.script];
  if (scripts.length === 0 || scripts.some((x) => typeof x !== "string" || x === ""))
    fail(`"script" must be a script name or a list of them`);
  if (e.fault !== "runner" && !ID.test(e.fault as string)) fail(`"fault" must be a stack's id or "runner"`);
  if (
    e.stacks !== undefined &&
    (!Array.isArray(e.stacks) || e.stacks.some((s) => typeof s !== "string" || !ID.test(s)))
  )
    fail(`"stacks" must be a list of stack ids`);
  if (e.match !== undefined) {
    if (typeof e.match !== "string") fail(`"match" must be a string`);
    try {
      new RegExp(e.match as string);
    } catch (error) {
      fail(`"match" is not a regular expression: ${(error as Error).message}`);
    }
  }
  if (e.chance !== undefined && (typeof e.chance !== "string" || e.chance === ""))
    fail(`"chance" must say why the failure shows in some plays only`);
  const evidence = e.evidence as string;
  if (e.fault === OURS && !/KNOWN-ISSUES\.md#[a-z0-9-]+|issue \d+/i.test(evidence))
    fail(`a fault of ours cites its KNOWN-ISSUES.md#anchor or the issue that fixes it`);
  if (e.fault !== OURS && e.fault !== "runner" && !/docs\/peer-issues\.md#[a-z0-9-]+/.test(evidence))
    fail(`another stack's fault cites its docs/peer-issues.md#anchor, where the evidence is written once`);
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
  where: { config: string; script: string; stacks: readonly string[] },
  failure: FailureInfo,
): Verdict | undefined {
  const cited = /KNOWN-ISSUES\.md#[a-z0-9-]+/.exec(failure.cause);
  if (failure.server === OURS && cited !== null)
    return {
      fault: OURS,
      reason: "our server refuses what the pinned ts-mls cannot do, and says so",
      evidence: cited[0],
      source: "known issue cited by our server",
    };
  const known = failure.server !== "both" && failure.server !== "runner" && failure.server !== "?";
  if (known && failure.kind === "unimplemented")
    return {
      fault: failure.server,
      reason: `${failure.server} does not implement ${failure.rpc ?? "the method"}`,
      evidence: failure.cause,
      source: "the stack lacks the method",
    };
  if (known && failure.kind === "crash")
    return {
      fault: failure.server,
      reason: `${failure.server} fell over during ${failure.rpc ?? "the step"}`,
      evidence: failure.cause,
      source: "the stack fell over",
    };
  const text = failureText(failure);
  const entry = entries.find(
    (e) =>
      (e.config === "*" || e.config === where.config) &&
      (Array.isArray(e.script) ? e.script.includes(where.script) : e.script === "*" || e.script === where.script) &&
      (e.stacks === undefined || e.stacks.every((s) => where.stacks.includes(s))) &&
      (e.match === undefined || new RegExp(e.match).test(text)),
  );
  if (entry !== undefined)
    return {
      fault: entry.fault,
      reason: entry.reason,
      evidence: entry.evidence,
      source: "classifications",
      ...(entry.chance === undefined ? {} : { chance: entry.chance }),
    };
  return undefined;
}
