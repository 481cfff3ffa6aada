// Request limits enforced before a handler runs, so a hostile request costs
// little: gRPC itself rejects messages over the size limit; list fields are
// counted here.
import { resourceExhausted } from "../errors.js";

export interface RequestLimits {
  /** Largest request message accepted, in bytes (gRPC answers RESOURCE_EXHAUSTED above it). */
  maxMessageBytes: number;
  /** Most entries in any repeated field of a request, nested ones included. */
  maxRepeated: number;
}

export const defaultRequestLimits: RequestLimits = { maxMessageBytes: 16 * 1024 * 1024, maxRepeated: 10_000 };

/** RESOURCE_EXHAUSTED naming the first list field longer than the limit. */
export function checkRepeatedFields(message: unknown, limit: number): void {
  const over = firstOverLimit(message, limit);
  if (over !== undefined)
    throw resourceExhausted(`${over.path} has ${over.length} entries (limit ${limit}, --max-repeated)`);
}

/** The first list over the limit and its path; the path is only spelt out for one that is, as every request is checked. */
function firstOverLimit(message: unknown, limit: number): { path: string; length: number } | undefined {
  if (message === null || typeof message !== "object" || Buffer.isBuffer(message)) return undefined;
  for (const [key, value] of Object.entries(message)) {
    if (!Array.isArray(value)) {
      if (value === null || typeof value !== "object") continue;
      const inner = firstOverLimit(value, limit);
      if (inner !== undefined) return { path: `${key}.${inner.path}`, length: inner.length };
      continue;
    }
    if (value.length > limit) return { path: snakeCase(key), length: value.length };
    for (const [i, item] of value.entries()) {
      const inner = firstOverLimit(item, limit);
      if (inner !== undefined) return { path: `${snakeCase(key)}[${i}].${inner.path}`, length: inner.length };
    }
  }
  return undefined;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
