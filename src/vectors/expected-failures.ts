// Cases known to fail because of a documented defect of the pinned ts-mls.
// CI passes while they still fail; one that passes again is reported, and
// fails the run, so the entry and its workaround get removed.
import { Fields, parseJsonArray, readInputFile } from "./fields.js";

export interface ExpectedFailure {
  /** Relative to the shared folder: "test-vectors/treekem.json". */
  readonly file: string;
  /** One case index; absent: every case of the file. */
  readonly case?: number;
  readonly reason: string;
  /** "KNOWN-ISSUES.md#slug". */
  readonly knownIssue: string;
}

const knownIssuePattern = /^KNOWN-ISSUES\.md#[a-z0-9-]+$/;

export function parseExpectedFailures(text: string, source: string): ExpectedFailure[] {
  return parseJsonArray(text, source, "entries").map((raw, i) => {
    const f = Fields.of(raw, `${source} entry ${i}`);
    const knownIssue = f.string("known_issue");
    if (!knownIssuePattern.test(knownIssue))
      throw f.fail("known_issue", `is "${knownIssue}", expected "KNOWN-ISSUES.md#<slug>"`);
    const reason = f.string("reason");
    if (reason.trim() === "") throw f.fail("reason", "is empty");
    return { file: f.string("file"), case: f.has("case") ? f.uint("case") : undefined, reason, knownIssue };
  });
}

export function readExpectedFailures(path: string): ExpectedFailure[] {
  return parseExpectedFailures(readInputFile(path, path), path);
}

/** Looks entries up by file and case, remembering which were used so stale ones can be listed. */
export class ExpectedFailureIndex {
  private readonly used = new Set<ExpectedFailure>();

  constructor(private readonly entries: readonly ExpectedFailure[]) {}

  lookup(file: string, index: number): ExpectedFailure | undefined {
    const entry =
      this.entries.find((e) => e.file === file && e.case === index) ??
      this.entries.find((e) => e.file === file && e.case === undefined);
    if (entry !== undefined) this.used.add(entry);
    return entry;
  }

  /** Entries that matched no case of the files that were run. */
  unused(filesRun: ReadonlySet<string>): ExpectedFailure[] {
    return this.entries.filter((e) => filesRun.has(e.file) && !this.used.has(e));
  }
}
