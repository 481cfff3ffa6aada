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
//
// A signature this process made is known to verify before anyone asks: it
// was made with a key pair this process generated, so it is remembered as
// verified when it is made, under that pair's public key. Where one server
// hosts the signer and the verifiers (a runner's two client slots on one
// server) nothing of ours is verified at all; a signature from any other
// process, or under a key this process did not make, is verified as before.
import { createHash } from "node:crypto";
import type { Signature } from "ts-mls";
import { Recent } from "./recent.js";

export class VerifiedSignatures {
  private readonly seen: Recent<true>;
  private hits = 0;
  private misses = 0;

  constructor(maxEntries: number) {
    this.seen = new Recent(maxEntries);
  }

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

  /** Records a verification known to succeed without asking (a signature made here). */
  remember(id: string): void {
    this.seen.set(id, true);
  }

  /** `verify`'s answer, asked only for a verification not already known to succeed. */
  async check(id: string, verify: () => Promise<boolean>): Promise<boolean> {
    if (this.seen.get(id) !== undefined) {
      this.hits++;
      return true;
    }
    this.misses++;
    const valid = await verify();
    if (valid) this.remember(id);
    return valid;
  }

  stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.seen.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * The key pairs this process generated: the public key of each, by a hash
 * of the algorithm and the private key (never the private key itself).
 * Bounded, the least recently used going first; emptied with the imported
 * keys when the server's last handle goes.
 */
export class OwnKeyPairs {
  private readonly publicKeys: Recent<Uint8Array>;

  constructor(maxEntries: number) {
    this.publicKeys = new Recent(maxEntries);
  }

  private static id(domain: string, signKey: Uint8Array): string {
    return createHash("sha256").update(domain).update(signKey).digest("base64");
  }

  record(domain: string, signKey: Uint8Array, publicKey: Uint8Array): void {
    this.publicKeys.set(OwnKeyPairs.id(domain, signKey), Uint8Array.from(publicKey));
  }

  /** The public key of a private key this process generated, or undefined. */
  publicKeyOf(domain: string, signKey: Uint8Array): Uint8Array | undefined {
    return this.publicKeys.get(OwnKeyPairs.id(domain, signKey));
  }

  clear(): void {
    this.publicKeys.clear();
  }

  get size(): number {
    return this.publicKeys.size;
  }
}

/**
 * Enough for every leaf of a group of thousands, or the KeyPackages and
 * commits of hundreds of runs at once; an entry weighs ~150 bytes.
 */
export const verifiedSignatures = new VerifiedSignatures(16_384);

/** A live member state signs with one key pair; a selftest keeps a few dozen states live per server. */
export const ownKeyPairs = new OwnKeyPairs(4096);

export function forgetOwnKeyPairs(): void {
  ownKeyPairs.clear();
}

/**
 * `signature` with its successful verifications remembered, and its own
 * signatures remembered as verified when they are made; `domain` is the
 * suite's signature algorithm.
 */
export function rememberingVerifications(
  domain: string,
  signature: Signature,
  cache: VerifiedSignatures = verifiedSignatures,
  own: OwnKeyPairs = ownKeyPairs,
): Signature {
  return {
    async sign(signKey, message) {
      const made = await signature.sign(signKey, message);
      const publicKey = own.publicKeyOf(domain, signKey);
      if (publicKey !== undefined) cache.remember(VerifiedSignatures.id(domain, publicKey, message, made));
      return made;
    },
    async keygen() {
      const pair = await signature.keygen();
      own.record(domain, pair.signKey, pair.publicKey);
      return pair;
    },
    verify: (publicKey, message, sig) =>
      cache.check(VerifiedSignatures.id(domain, publicKey, message, sig), () =>
        signature.verify(publicKey, message, sig),
      ),
  };
}
