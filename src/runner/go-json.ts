// The results file must read like the Go runner's, whose transcript holds the
// protoc-gen-go structs as encoding/json writes them: snake_case proto names,
// `omitempty` on every field, bytes as standard base64, uint64 as a number.
// The working group's converters read that shape, so we reproduce it rather
// than use ts-proto's toJSON (camelCase, uint64 as strings).

export type GoJson = null | boolean | number | string | GoJson[] | { [key: string]: GoJson };

/** Encodes one decoded ts-proto message (fields in proto order) as Go would. */
export function toGoJson(message: object): { [key: string]: GoJson } {
  const out: { [key: string]: GoJson } = {};
  for (const [key, value] of Object.entries(message)) {
    const encoded = encodeField(value);
    if (encoded !== undefined) {
      out[snakeCase(key)] = encoded;
    }
  }
  return out;
}

/** ts-proto's field names are the proto names camel-cased; undo that. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// `omitempty` drops zero values at field level only: elements of a repeated
// field are written even when empty, and a set sub-message is written even
// when all its fields are zero.
function encodeField(value: unknown): GoJson | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : base64(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(encodeElement);
  if (typeof value === "number") return value === 0 ? undefined : value;
  if (typeof value === "bigint") return value === 0n ? undefined : uint64(value);
  if (typeof value === "boolean") return value ? true : undefined;
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "object") return toGoJson(value);
  return undefined;
}

function encodeElement(value: unknown): GoJson {
  if (value instanceof Uint8Array) return base64(value);
  if (typeof value === "bigint") return uint64(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "object" && value !== null) return toGoJson(value);
  return null;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

// JSON.stringify cannot write a bigint as a bare number. Epoch ids stay far
// below 2^53, where the conversion is exact; beyond it precision is lost, which
// we accept rather than write a string where Go writes a number.
function uint64(value: bigint): number {
  return Number(value);
}
