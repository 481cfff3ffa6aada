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
export function checkRepeatedFields(message: unknown, limit: number, path = ""): void {
  if (message === null || typeof message !== "object" || Buffer.isBuffer(message)) return;
  for (const [key, value] of Object.entries(message)) {
    if (!Array.isArray(value)) {
      if (value !== null && typeof value === "object") checkRepeatedFields(value, limit, `${path}${key}.`);
      continue;
    }
    if (value.length > limit)
      throw resourceExhausted(`${path}${snakeCase(key)} has ${value.length} entries (limit ${limit}, --max-repeated)`);
    value.forEach((item, i) => checkRepeatedFields(item, limit, `${path}${snakeCase(key)}[${i}].`));
  }
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
