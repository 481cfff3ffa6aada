// Signatures that verified, remembered: a verification is a pure function of
// the key, the signed bytes and the signature, and the same one comes back
// again and again. A KeyPackage's two signatures are checked when it is
// proposed, when the commit adding it is made, by every member handling that
// commit and, as leaves of the tree, by every later joiner; a commit's
// signature by each member that handles it. Where one server holds several
// members of a group (the interop runners put every member on one or two
// servers) each of these costs one verification instead of one per member
// and step. Only successes are kept, as a SHA-256 of everything the answer
// depends on: no key, message or signature bytes are held, and a failure is
// always checked afresh.
import { createHash } from "node:crypto";
import type { Signature } from "ts-mls";

export class VerifiedSignatures {
  private readonly seen = new Map<string, true>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries: number) {}

  /** The identity of one verification: length-framed, so no two inputs run together. */
  static id(domain: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): string {
    const lengths = Buffer.alloc(12);
    lengths.writeUInt32BE(publicKey.length, 0);
    lengths.writeUInt32BE(message.length, 4);
    lengths.writeUInt32BE(signature.length, 8);
    return createHash("sha256")
      .update(domain)
      .update(lengths)
      .update(publicKey)
      .update(signature)
      .update(message)
      .digest("base64");
  }

  /** `verify`'s answer, asked only for a verification not already known to succeed. */
  async check(id: string, verify: () => Promise<boolean>): Promise<boolean> {
    if (this.seen.has(id)) {
      this.hits++;
      // Re-inserted: a Map iterates in insertion order, so the first entry is the least recently used.
      this.seen.delete(id);
      this.seen.set(id, true);
      return true;
    }
    this.misses++;
    const valid = await verify();
    if (valid) {
      this.seen.set(id, true);
      if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value as string);
    }
    return valid;
  }

  stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.seen.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * Enough for every leaf of a group of thousands, or the KeyPackages and
 * commits of hundreds of runs at once; an entry weighs ~150 bytes.
 */
export const verifiedSignatures = new VerifiedSignatures(16_384);

/** `signature` with its successful verifications remembered; `domain` is the suite's signature algorithm. */
export function rememberingVerifications(
  domain: string,
  signature: Signature,
  cache: VerifiedSignatures = verifiedSignatures,
): Signature {
  return {
    sign: (signKey, message) => signature.sign(signKey, message),
    keygen: () => signature.keygen(),
    verify: (publicKey, message, sig) =>
      cache.check(VerifiedSignatures.id(domain, publicKey, message, sig), () =>
        signature.verify(publicKey, message, sig),
      ),
  };
}
