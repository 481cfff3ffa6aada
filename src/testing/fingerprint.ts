// A canonical serialisation of any handle value (ts-mls states included:
// plain objects, arrays, Maps, byte arrays, bigints), to compare a store's
// contents before and after a call.
import { createHash } from "node:crypto";

function canonical(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "function") return "[function]";
    return value;
  }
  if (ArrayBuffer.isView(value))
    return `0x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  if (seen.has(value)) return "[cycle]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => canonical(v, seen));
    if (value instanceof Map)
      return [...value.entries()]
        .map(([k, v]) => [canonical(k, seen), canonical(v, seen)])
        .sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key], seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

export function fingerprint(value: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(value, new Set())))
    .digest("hex");
}

/** Every live handle of a store, by id: what "left exactly as it was" compares. */
export function storeFingerprint(
  store: { peek(id: number): { kind: string; value: unknown } | undefined },
  ids: number[],
): Map<number, string> {
  const out = new Map<number, string>();
  for (const id of ids) {
    const entry = store.peek(id);
    out.set(id, entry === undefined ? "absent" : `${entry.kind}:${fingerprint(entry.value)}`);
  }
  return out;
}
