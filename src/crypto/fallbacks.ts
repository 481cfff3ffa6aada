// Counts of the calls each fast path handed to the library: a hand-over is
// correct but slow, so a passing run that has any shows a gap in ours.

const fallbacks = new Map<string, number>();

/**
 * How often each fast path handed its call to the library (for an input it
 * rejects or cannot be sure of, or a signature it did not accept). A run
 * that passes should leave every count at zero; tests check that they do.
 */
export function libraryFallbacks(): Record<string, number> {
  return Object.fromEntries(fallbacks);
}

/** `part` of the library with every call counted as a fallback. */
export function counted<T extends object>(part: T, label: string): T {
  const out = { ...part } as Record<string, unknown>;
  for (const [key, value] of Object.entries(part))
    if (typeof value === "function")
      out[key] = (...args: unknown[]) => {
        fallbacks.set(`${label}.${key}`, (fallbacks.get(`${label}.${key}`) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(part, args);
      };
  return out as T;
}
