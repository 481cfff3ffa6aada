// What a verifier says about one vector case, and the Check collector the
// verifiers fill: every comparison that differs is kept with both values,
// so a report shows what differed rather than just "failed".

export interface Difference {
  /** What was compared, e.g. "left[3]" or "epochs[1].epoch_authenticator". */
  readonly what: string;
  readonly expected: string;
  readonly got: string;
}

export type CaseOutcome =
  | { readonly status: "passed"; readonly notChecked?: readonly string[] }
  | {
      readonly status: "failed";
      readonly differences: readonly Difference[];
      /** An exception that stopped the case (the library rejected the input, a malformed vector). */
      readonly error?: string;
      readonly notChecked?: readonly string[];
    }
  | { readonly status: "skipped"; readonly reason: string };

/** Longest hex shown per value; long trees and messages are cut in the middle. */
const maxHexChars = 96;

export function shortHex(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  if (hex.length <= maxHexChars) return hex;
  const half = maxHexChars / 2;
  return `${hex.slice(0, half)}…${hex.slice(-half)} (${bytes.length} bytes)`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Where a byte comparison first differs, to spot it quickly in long values. */
function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return ` (first difference at byte ${i})`;
  return a.length === b.length ? "" : ` (lengths ${a.length} vs ${b.length})`;
}

export class Check {
  private readonly differences: Difference[] = [];
  private readonly skippedChecks: string[] = [];

  bytes(what: string, expected: Uint8Array, got: Uint8Array | undefined): boolean {
    if (got !== undefined && sameBytes(expected, got)) return true;
    this.differences.push({
      what: got === undefined ? what : `${what}${firstDifference(expected, got)}`,
      expected: shortHex(expected),
      got: got === undefined ? "nothing" : shortHex(got),
    });
    return false;
  }

  value(what: string, expected: unknown, got: unknown): boolean {
    if (expected === got) return true;
    this.differences.push({ what, expected: String(expected), got: String(got) });
    return false;
  }

  /** A property that must hold; `got` says what was seen instead. */
  holds(what: string, ok: boolean, got = "false"): boolean {
    if (!ok) this.differences.push({ what, expected: "true", got });
    return ok;
  }

  /** Part of the case the pinned library cannot check; the case can still pass. */
  notChecked(reason: string): void {
    if (!this.skippedChecks.includes(reason)) this.skippedChecks.push(reason);
  }

  get failed(): boolean {
    return this.differences.length > 0;
  }

  outcome(): CaseOutcome {
    const notChecked = this.skippedChecks.length > 0 ? [...this.skippedChecks] : undefined;
    if (this.differences.length > 0) return { status: "failed", differences: [...this.differences], notChecked };
    return notChecked === undefined ? { status: "passed" } : { status: "passed", notChecked };
  }

  /** The case stopped on an exception after the comparisons collected so far. */
  stopped(error: string): CaseOutcome {
    const notChecked = this.skippedChecks.length > 0 ? [...this.skippedChecks] : undefined;
    return { status: "failed", differences: [...this.differences], error, notChecked };
  }
}
