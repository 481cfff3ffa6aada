// Where each run of a results file lies in its bytes, without parsing the
// file as a whole: results files reach hundreds of megabytes (transcripts),
// and merging copies each run's text as it was written, so nothing in it
// (Go's escapes, a uint64 above 2^53) changes on the way. JSON's structural
// characters are ASCII and never part of a UTF-8 sequence, so scanning the
// bytes is exact.
import { ResultsFormatError } from "./results-file.js";

export interface Span {
  /** Byte offsets; `end` is exclusive. */
  start: number;
  end: number;
  /** The column the value starts at: its continuation lines carry that much indentation. */
  column: number;
}

export interface ScannedResults {
  runs: Array<{ script: string; span: Span }>;
  /** Every top-level key but "scripts", with its value's place. */
  top: Map<string, Span>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export function scanResults(bytes: Buffer, file: string): ScannedResults {
  let at = 0;
  const fail = (what: string): never => {
    throw new ResultsFormatError(`${file}: not a results file: ${what} at byte ${at}`);
  };
  const skipSpace = () => {
    while (isSpace(bytes[at])) at++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (bytes[at] !== char.charCodeAt(0)) fail(`expected '${char}'`);
    at++;
  };
  /** At a quote: moves past the string and returns its text. */
  const string = (): string => {
    const start = at;
    if (bytes[at] !== QUOTE) fail("expected a string");
    at++;
    while (at < bytes.length && bytes[at] !== QUOTE) at += bytes[at] === BACKSLASH ? 2 : 1;
    if (at >= bytes.length) fail("unterminated string");
    at++;
    return JSON.parse(bytes.subarray(start, at).toString("utf8")) as string;
  };
  const columnOf = (offset: number) => offset - (bytes.lastIndexOf(0x0a, offset - 1) + 1);
  /** Moves past one value of any kind and returns where it was. */
  const value = (): Span => {
    skipSpace();
    const start = at;
    const first = bytes[at];
    if (first === QUOTE) string();
    else if (first === 0x7b || first === 0x5b) {
      let depth = 0;
      do {
        const b = bytes[at];
        if (b === QUOTE) {
          string();
          continue;
        }
        if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d) depth--;
        at++;
      } while (depth > 0 && at < bytes.length);
      if (depth > 0) fail("unterminated value");
    } else {
      while (at < bytes.length && !isSpace(bytes[at]) && ![0x2c, 0x7d, 0x5d].includes(bytes[at] as number)) at++;
      if (at === start) fail("expected a value");
    }
    return { start, end: at, column: columnOf(start) };
  };
  /** `open item, item, ... close`, calling `each` at every item. */
  const sequence = (open: string, close: string, each: () => void) => {
    expect(open);
    skipSpace();
    const closing = close.charCodeAt(0);
    if (bytes[at] === closing) {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      each();
      skipSpace();
      if (bytes[at] === 0x2c) at++;
      else if (bytes[at] === closing) {
        at++;
        return;
      } else fail(`expected ',' or '${close}'`);
    }
  };
  /** `{ "key": value, ... }`, calling `each` at every value. */
  const members = (each: (key: string) => void) =>
    sequence("{", "}", () => {
      const key = string();
      expect(":");
      each(key);
    });

  const runs: ScannedResults["runs"] = [];
  const top = new Map<string, Span>();
  let scripts = false;
  members((key) => {
    if (key !== "scripts") {
      top.set(key, value());
      return;
    }
    scripts = true;
    members((script) =>
      sequence("[", "]", () => {
        if (bytes[at] !== 0x7b) fail(`scripts.${script}: expected a run object`);
        runs.push({ script, span: value() });
      }),
    );
  });
  skipSpace();
  if (at < bytes.length) fail("text after the end");
  if (!scripts) fail('no "scripts" object');
  return { runs, top };
}

/** A value's text as if it started at column 0 (how the writers take a run). */
export function spanText(bytes: Buffer, span: Span): string {
  const text = bytes.subarray(span.start, span.end).toString("utf8");
  return span.column === 0 ? text : text.replaceAll(`\n${" ".repeat(span.column)}`, "\n");
}
