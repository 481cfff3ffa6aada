// The bounded cache of imported signature keys: importing a key into
// node:crypto costs far more than a signature with it, and a key serves
// several signatures and verifications (KNOWN-ISSUES.md#signing-key-import-per-call).
import { createHash, type KeyObject } from "node:crypto";

/** How many live byte arrays are tied to an entry (see `KeyCache`); at zero the entry goes. */
interface Holders {
  count: number;
}

interface Entry {
  readonly key: KeyObject;
  readonly holders: Holders;
}

/** What the finalization registry keeps per tied array: never the key, so eviction really frees it. */
interface Tie {
  readonly id: string;
  readonly holders: Holders;
}

export interface KeyCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

/**
 * Imported keys by SHA-256 of their bytes. How long an entry lives:
 *
 * 1. At most as long as the key's bytes live in the process: each byte
 *    array a key was used from (the `signaturePrivateKey` of a state, a
 *    leaf's public key) is tied to the entry, and once every tied array has
 *    been garbage-collected (its states Freed and dropped) the entry is
 *    deleted. The cache holds no key longer than the states holding it do.
 * 2. At most `maxEntries` entries: the least recently used goes first, so
 *    memory is bounded whatever the arrays do.
 * 3. `clear()` drops everything at once; the server calls it whenever its
 *    last handle is freed, so an idle server holds no imported key at all.
 *
 * Nothing else refers to an imported key, so an entry that goes is garbage.
 * The map's keys are hashes, never the key bytes themselves; the KeyObjects
 * hold the key in OpenSSL's memory, released when they are collected.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tied = new WeakMap<Uint8Array, Holders>();
  private readonly registry = new FinalizationRegistry<Tie>((tie) => this.release(tie));
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries: number) {}

  /**
   * The imported key for `bytes` (`domain` separates caches of different key
   * types), tied to `holder`: the array the key came in, when `bytes` is a
   * part of it (the seed in a PKCS#8 key).
   */
  get(domain: string, bytes: Uint8Array, importKey: () => KeyObject, holder: Uint8Array = bytes): KeyObject {
    const id = createHash("sha256").update(domain).update(bytes).digest("base64");
    let entry = this.entries.get(id);
    if (entry !== undefined) {
      this.hits++;
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(id);
      this.entries.set(id, entry);
    } else {
      this.misses++;
      entry = { key: importKey(), holders: { count: 0 } };
      this.entries.set(id, entry);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    if (this.tied.get(holder) !== entry.holders) {
      this.tied.set(holder, entry.holders);
      entry.holders.count++;
      this.registry.register(holder, { id, holders: entry.holders });
    }
    return entry.key;
  }

  private release(tie: Tie): void {
    tie.holders.count--;
    if (tie.holders.count <= 0 && this.entries.get(tie.id)?.holders === tie.holders) this.entries.delete(tie.id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): KeyCacheStats {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * Bounds: a live member state uses one private signature key, and a group's
 * members one public key each; a full selftest keeps a few dozen states
 * live per server, a group of 512 needs 512 public keys at once.
 */
export const privateKeys = new KeyCache(1024);
export const publicKeys = new KeyCache(4096);

/** Drops every imported key (the server's last handle was freed). */
export function forgetImportedKeys(): void {
  privateKeys.clear();
  publicKeys.clear();
}

export function importedKeyStats(): { privateKeys: KeyCacheStats; publicKeys: KeyCacheStats } {
  return { privateKeys: privateKeys.stats(), publicKeys: publicKeys.stats() };
}
