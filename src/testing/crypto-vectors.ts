// Where the published primitive vectors are (../shared/crypto-vectors: RFC
// 9180's HPKE appendix and Wycheproof), and the tally the vector tests keep
// of what our provider did with each case.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defaultSharedCandidates } from "../vectors/shared-dir.js";

/** ../shared/crypto-vectors, or undefined (the tests then skip, saying where they looked). */
export function cryptoVectorsDir(): string | undefined {
  return cryptoVectorsCandidates().find((dir) => existsSync(dir));
}

export function cryptoVectorsCandidates(): string[] {
  return defaultSharedCandidates().map((shared) => join(shared, "crypto-vectors"));
}

export const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));

export type Result = "valid" | "invalid" | "acceptable";

/** What ours did with one case: accepted it (with the right value) or rejected it, and why. */
export interface Outcome {
  accepted: boolean;
  /** Accepted: whether the value was the vector's. */
  correct?: boolean;
  /** Rejected: the reason, for the diagnostics. */
  reason?: string;
}

/** Counts by result and outcome, and by flag for the acceptable cases. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(result: Result, outcome: Outcome, flags: readonly string[]): void {
    const verdict = outcome.accepted ? "accepted" : "rejected";
    this.bump(`${result} ${verdict}`);
    if (result === "acceptable") for (const flag of flags) this.bump(`acceptable ${verdict} ${flag}`);
  }

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** One line: "valid 330/330 accepted, invalid 52/52 rejected, acceptable 230: 230 rejected (InvalidAsn 222, ...)". */
  summary(): string {
    const of = (result: Result) => this.count(`${result} accepted`) + this.count(`${result} rejected`);
    const parts = [
      `valid ${this.count("valid accepted")}/${of("valid")} accepted`,
      `invalid ${this.count("invalid rejected")}/${of("invalid")} rejected`,
    ];
    if (of("acceptable") > 0) {
      const byFlag = (verdict: string) =>
        [...this.counts]
          .filter(([key]) => key.startsWith(`acceptable ${verdict} `))
          .map(([key, n]) => `${key.slice(`acceptable ${verdict} `.length)} ${n}`)
          .join(", ");
      const side = (verdict: string) =>
        this.count(`acceptable ${verdict}`) > 0
          ? [`${this.count(`acceptable ${verdict}`)} ${verdict} (${byFlag(verdict)})`]
          : [];
      parts.push(`acceptable ${of("acceptable")}: ${[...side("accepted"), ...side("rejected")].join("; ")}`);
    }
    return parts.join(", ");
  }
}
