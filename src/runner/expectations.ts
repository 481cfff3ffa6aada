// Expected failures: known, documented breakages that should not turn CI red,
// and that must not outlive their fix. The file is a JSON list:
//
//   [{"config": "reinit.json", "script": "change_ciphersuite",
//     "suite": 3, "encrypt": true,                 (both optional)
//     "reason": "what breaks and why",
//     "known_issue": "KNOWN-ISSUES.md#reinit-suite-change"}]
//
// A failed run that some entry matches counts as expected. An entry whose
// runs all pass is stale ("fixed? remove from expected failures") and fails
// the session, so fixed issues do not linger in the file.
import { EntryCheck, parseEntries, readEntries } from "./json-entries.js";

export interface ExpectedFailure {
  config: string;
  script: string;
  suite?: number;
  encrypt?: boolean;
  reason: string;
  known_issue: string;
}

export class ExpectationError extends Error {}

const KNOWN_ISSUE = /^KNOWN-ISSUES\.md#[a-z0-9-]+$/;
const FIELDS = ["config", "script", "suite", "encrypt", "reason", "known_issue"];

const checkEntry: EntryCheck = (e, fail) => {
  for (const key of ["config", "script", "reason"]) {
    if (typeof e[key] !== "string" || e[key] === "") fail(`"${key}" must be a non-empty string`);
  }
  if (typeof e.known_issue !== "string" || !KNOWN_ISSUE.test(e.known_issue)) {
    fail(`"known_issue" must look like "KNOWN-ISSUES.md#anchor", got ${JSON.stringify(e.known_issue)}`);
  }
  if (e.suite !== undefined && !(typeof e.suite === "number" && Number.isInteger(e.suite) && e.suite > 0)) {
    fail(`"suite" must be a ciphersuite number`);
  }
  if (e.encrypt !== undefined && typeof e.encrypt !== "boolean") fail(`"encrypt" must be true or false`);
};

export function parseExpectations(file: string, text: string): ExpectedFailure[] {
  return parseEntries(file, text, FIELDS, checkEntry, ExpectationError) as unknown as ExpectedFailure[];
}

export function loadExpectations(file: string): ExpectedFailure[] {
  return readEntries(file, FIELDS, checkEntry, ExpectationError) as unknown as ExpectedFailure[];
}

export interface RunKey {
  config: string;
  script: string;
  suite: number;
  encrypt: boolean;
}

export function describeExpectation(e: ExpectedFailure): string {
  const suite = e.suite === undefined ? "" : ` suite ${e.suite}`;
  const mode = e.encrypt === undefined ? "" : e.encrypt ? " private" : " public";
  return `${e.config}/${e.script}${suite}${mode}`;
}

/** Tallies how each entry's runs went, to find the stale ones. */
export class Expectations {
  private readonly tally = new Map<ExpectedFailure, { passed: number; failed: number }>();

  constructor(readonly entries: readonly ExpectedFailure[]) {
    for (const e of entries) this.tally.set(e, { passed: 0, failed: 0 });
  }

  match(run: RunKey): ExpectedFailure | undefined {
    return this.entries.find(
      (e) =>
        e.config === run.config &&
        e.script === run.script &&
        (e.suite === undefined || e.suite === run.suite) &&
        (e.encrypt === undefined || e.encrypt === run.encrypt),
    );
  }

  /** Returns the entry that makes this failure expected, if any. */
  classify(run: RunKey, failed: boolean): ExpectedFailure | undefined {
    const entry = this.match(run);
    const t = entry === undefined ? undefined : this.tally.get(entry);
    if (t !== undefined) {
      if (failed) t.failed++;
      else t.passed++;
    }
    return failed ? entry : undefined;
  }

  /** Entries some run matched and none of those runs failed. */
  stale(): ExpectedFailure[] {
    return this.entries.filter((e) => {
      const t = this.tally.get(e);
      return t !== undefined && t.passed > 0 && t.failed === 0;
    });
  }

  /** Entries no run of this session matched (filtered out or sharded away). */
  unexercised(): ExpectedFailure[] {
    return this.entries.filter((e) => {
      const t = this.tally.get(e);
      return t !== undefined && t.passed + t.failed === 0;
    });
  }
}
