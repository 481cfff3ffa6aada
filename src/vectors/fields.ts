// Reading one vector case out of untrusted JSON. Every accessor checks the
// field's presence and type and names the file, case index and field path on
// failure, so a malformed vector is reported as such instead of surfacing
// as a TypeError deep inside a verifier.
import { readFileSync } from "node:fs";

/** A vector whose shape is wrong; its message already names file, case and field. */
export class VectorFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VectorFormatError";
  }
}

/** A JSON document that must be an array (vector files, the expected-failures list). */
export function parseJsonArray(text: string, source: string, items: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new VectorFormatError(`${source}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(data)) throw new VectorFormatError(`${source}: expected a JSON array of ${items}`);
  return data;
}

/** Reads a file whose failure to open is the input's fault, reported like a format error. */
export function readInputFile(path: string, source: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new VectorFormatError(`${source}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

const hexPattern = /^(?:[0-9a-fA-F]{2})*$/;

export class Fields {
  /**
   * @param where  "tree-math.json case 3", prefixed to every error
   * @param path   field path inside the case ("" for the case itself)
   */
  constructor(
    private readonly value: Record<string, unknown>,
    readonly where: string,
    private readonly path = "",
  ) {}

  /** Wraps a case; anything but a JSON object is rejected. */
  static of(value: unknown, where: string, path = ""): Fields {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new VectorFormatError(
        `${where}: ${path === "" ? "case" : `field '${path}'`} is ${describe(value)}, expected an object`,
      );
    return new Fields(value as Record<string, unknown>, where, path);
  }

  private name(field: string): string {
    return this.path === "" ? field : `${this.path}.${field}`;
  }

  fail(field: string, problem: string): VectorFormatError {
    return new VectorFormatError(`${this.where}: field '${this.name(field)}' ${problem}`);
  }

  private raw(field: string): unknown {
    if (!Object.hasOwn(this.value, field)) throw this.fail(field, "missing");
    return this.value[field];
  }

  has(field: string): boolean {
    return Object.hasOwn(this.value, field) && this.value[field] !== null;
  }

  hex(field: string): Uint8Array {
    return parseHex(this.raw(field), (problem) => this.fail(field, problem));
  }

  /** `optional<...>` fields are `null` (or absent) when not present. */
  optionalHex(field: string): Uint8Array | undefined {
    return this.has(field) ? this.hex(field) : undefined;
  }

  uint(field: string, max = Number.MAX_SAFE_INTEGER): number {
    return parseUint(this.raw(field), max, (problem) => this.fail(field, problem));
  }

  string(field: string): string {
    const v = this.raw(field);
    if (typeof v !== "string") throw this.fail(field, `is ${describe(v)}, expected a string`);
    return v;
  }

  object(field: string): Fields {
    return Fields.of(this.raw(field), this.where, this.name(field));
  }

  array(field: string): unknown[] {
    const v = this.raw(field);
    if (!Array.isArray(v)) throw this.fail(field, `is ${describe(v)}, expected an array`);
    return v;
  }

  objects(field: string): Fields[] {
    return this.array(field).map((item, i) => Fields.of(item, this.where, `${this.name(field)}[${i}]`));
  }

  /** An array of arrays of objects, like secret-tree's `leaves`. */
  lists(field: string): Fields[][] {
    return this.array(field).map((item, i) => {
      if (!Array.isArray(item)) throw this.fail(`${field}[${i}]`, `is ${describe(item)}, expected an array`);
      return item.map((o, j) => Fields.of(o, this.where, `${this.name(field)}[${i}][${j}]`));
    });
  }

  hexList(field: string): Uint8Array[] {
    return this.array(field).map((item, i) => parseHex(item, (problem) => this.fail(`${field}[${i}]`, problem)));
  }

  optionalHexList(field: string): Array<Uint8Array | undefined> {
    return this.array(field).map((item, i) =>
      item === null ? undefined : parseHex(item, (problem) => this.fail(`${field}[${i}]`, problem)),
    );
  }

  optionalUintList(field: string): Array<number | undefined> {
    return this.array(field).map((item, i) =>
      item === null
        ? undefined
        : parseUint(item, Number.MAX_SAFE_INTEGER, (problem) => this.fail(`${field}[${i}]`, problem)),
    );
  }

  uintLists(field: string): number[][] {
    return this.array(field).map((item, i) => {
      if (!Array.isArray(item)) throw this.fail(`${field}[${i}]`, `is ${describe(item)}, expected an array`);
      return item.map((n, j) =>
        parseUint(n, Number.MAX_SAFE_INTEGER, (problem) => this.fail(`${field}[${i}][${j}]`, problem)),
      );
    });
  }
}

function parseHex(v: unknown, fail: (problem: string) => Error): Uint8Array {
  if (typeof v !== "string") throw fail(`is ${describe(v)}, expected a hex string`);
  if (!hexPattern.test(v)) {
    const bad = v.length % 2 === 1 ? "has an odd number of digits" : "has a non-hex character";
    throw fail(`is not valid hex (${bad})`);
  }
  return Uint8Array.from(Buffer.from(v, "hex"));
}

function parseUint(v: unknown, max: number, fail: (problem: string) => Error): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw fail(`is ${describe(v)}, expected a non-negative integer`);
  if (v > max) throw fail(`is ${v}, larger than ${max}`);
  return v;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return v.length > 20 ? `the string "${v.slice(0, 20)}..."` : `the string "${v}"`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}
