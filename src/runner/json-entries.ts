// Reading a committed JSON list of entries (expected failures, cross-run
// classifications): a list of objects with known keys, each problem naming
// the file and the entry, thrown as the caller's error class.
import { readFileSync } from "node:fs";

export type EntryCheck = (entry: Record<string, unknown>, fail: (message: string) => never) => void;
type ErrorClass = new (message: string) => Error;

export function parseEntries(
  file: string,
  text: string,
  fields: readonly string[],
  check: EntryCheck,
  ErrorType: ErrorClass,
): Array<Record<string, unknown>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ErrorType(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new ErrorType(`${file}: must be a JSON list of entries`);
  return raw.map((entry: unknown, i) => {
    const fail = (message: string): never => {
      throw new ErrorType(`${file}: entry ${i}: ${message}`);
    };
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return fail("must be an object");
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!fields.includes(key)) fail(`unknown key "${key}" (allowed: ${fields.join(", ")})`);
    }
    check(e, fail);
    return e;
  });
}

export function readEntries(
  file: string,
  fields: readonly string[],
  check: EntryCheck,
  ErrorType: ErrorClass,
): Array<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ErrorType(`${file}: cannot read: ${(error as Error).message}`);
  }
  return parseEntries(file, text, fields, check, ErrorType);
}
