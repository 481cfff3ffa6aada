// A bounded map that keeps the most recently used entries: the provider's
// caches (verified signatures, own key pairs, HPKE private keys) are keyed
// by hashes and must stay bounded whatever the load.

/** Entries by key, at most `maxEntries`; a read or a write makes an entry the most recent. */
export class Recent<V> {
  // A Map iterates in insertion order, so its first key is the least recently used.
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  set(key: string, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
