// Live handles of the server (group states, pending joins, suspended reinits,
// external signers) behind the uint32 ids the runner passes around.
//
// Every method runs as a transaction over the handles it names: those handles
// are locked (calls on one handle are applied one after another, calls on
// different handles run concurrently), and the transaction's writes become
// visible only if it succeeds, so a failed call leaves every handle as it was.
import { notFound, resourceExhausted, internal } from "../errors.js";

export interface StoreLimits {
  /** Live handles of all kinds together; creating one more is RESOURCE_EXHAUSTED. */
  maxHandles: number;
  /** Handles untouched for this long are dropped; 0 disables eviction. */
  idleTtlMs: number;
}

export const defaultStoreLimits: StoreLimits = { maxHandles: 100_000, idleTtlMs: 0 };

interface Entry<K> {
  kind: K;
  value: unknown;
  lastUsed: number;
}

export interface Transaction<M> {
  /** The value of a locked handle of the given kind; NOT_FOUND names what was asked for. */
  get<K extends keyof M & string>(id: number, kind: K): M[K];
  /** The kind of a locked handle, or undefined when no such handle exists. */
  kindOf(id: number): (keyof M & string) | undefined;
  /** Replaces a locked handle's value when the transaction commits. */
  put<K extends keyof M & string>(id: number, kind: K, value: M[K]): void;
  /** Allocates an id now; the handle exists once the transaction commits. */
  create<K extends keyof M & string>(kind: K, value: M[K]): number;
  /** Drops a locked handle when the transaction commits. */
  remove(id: number): void;
}

const maxId = 0xffff_ffff;

export class HandleStore<M extends { [kind: string]: unknown }> {
  private readonly entries = new Map<number, Entry<keyof M & string>>();
  private readonly lockTails = new Map<number, Promise<void>>();
  private reservedIds = new Set<number>();
  private nextId = 1;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: StoreLimits = defaultStoreLimits,
    private readonly now: () => number = Date.now,
  ) {
    if (limits.idleTtlMs > 0) {
      this.sweeper = setInterval(() => this.evictIdle(), Math.max(1000, limits.idleTtlMs / 4));
      this.sweeper.unref();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Live handles per kind, for the periodic status log line. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const entry of this.entries.values()) out[entry.kind] = (out[entry.kind] ?? 0) + 1;
    return out;
  }

  close(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.entries.clear();
  }

  /**
   * Runs `fn` with exclusive use of the handles in `lockIds` (0 and duplicates
   * are ignored) and applies its writes only if it resolves.
   */
  async transaction<T>(lockIds: readonly number[], fn: (tx: Transaction<M>) => Promise<T>): Promise<T> {
    const locked = [...new Set(lockIds.filter((id) => id !== 0))].sort((a, b) => a - b);
    const releases: Array<() => void> = [];
    try {
      for (const id of locked) releases.push(await this.acquire(id));
      return await this.runLocked(new Set(locked), fn);
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async runLocked<T>(locked: Set<number>, fn: (tx: Transaction<M>) => Promise<T>): Promise<T> {
    const writes = new Map<number, Entry<keyof M & string> | null>();
    const created: number[] = [];
    const requireLocked = (id: number): void => {
      if (!locked.has(id)) throw internal(`handle ${id} used without being locked`);
    };
    const tx: Transaction<M> = {
      get: (id, kind) => {
        if (id === 0) throw notFound(`no ${describeKind(kind)} handle given (id 0)`);
        requireLocked(id);
        const entry = writes.has(id) ? writes.get(id) : this.entries.get(id);
        if (entry === undefined || entry === null) throw notFound(`unknown ${describeKind(kind)} handle ${id}`);
        if (entry.kind !== kind)
          throw notFound(`handle ${id} is a ${describeKind(entry.kind)}, not a ${describeKind(kind)}`);
        return entry.value as M[typeof kind];
      },
      kindOf: (id) => {
        if (id === 0) return undefined;
        requireLocked(id);
        const entry = writes.has(id) ? writes.get(id) : this.entries.get(id);
        return entry === null || entry === undefined ? undefined : entry.kind;
      },
      put: (id, kind, value) => {
        requireLocked(id);
        writes.set(id, { kind, value, lastUsed: 0 });
      },
      create: (kind, value) => {
        if (this.entries.size + this.reservedIds.size + 1 > this.limits.maxHandles)
          throw resourceExhausted(
            `too many live handles (limit ${this.limits.maxHandles}); Free some or raise --max-handles`,
          );
        const id = this.allocateId();
        created.push(id);
        writes.set(id, { kind, value, lastUsed: 0 });
        return id;
      },
      remove: (id) => {
        requireLocked(id);
        writes.set(id, null);
      },
    };
    try {
      const result = await fn(tx);
      const now = this.now();
      for (const id of locked) {
        const entry = this.entries.get(id);
        if (entry !== undefined) entry.lastUsed = now;
      }
      for (const [id, entry] of writes) {
        if (entry === null) this.entries.delete(id);
        else this.entries.set(id, { ...entry, lastUsed: now });
      }
      return result;
    } finally {
      for (const id of created) this.reservedIds.delete(id);
    }
  }

  private allocateId(): number {
    for (let attempts = 0; attempts < maxId; attempts++) {
      const id = this.nextId;
      this.nextId = id >= maxId ? 1 : id + 1;
      if (!this.entries.has(id) && !this.reservedIds.has(id)) {
        this.reservedIds.add(id);
        return id;
      }
    }
    throw resourceExhausted("no free handle ids");
  }

  private async acquire(id: number): Promise<() => void> {
    const previous = this.lockTails.get(id) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => held);
    this.lockTails.set(id, tail);
    await previous;
    return () => {
      release();
      if (this.lockTails.get(id) === tail) this.lockTails.delete(id);
    };
  }

  private evictIdle(): void {
    const cutoff = this.now() - this.limits.idleTtlMs;
    for (const [id, entry] of this.entries) {
      if (entry.lastUsed < cutoff && !this.lockTails.has(id)) this.entries.delete(id);
    }
  }

  /** Ids of every live handle, for diagnostics and tests. */
  liveIds(): number[] {
    return [...this.entries.keys()];
  }

  /** A handle's current value, read without locking: for diagnostics and tests, never for a method. */
  peek(id: number): { kind: keyof M & string; value: unknown } | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? undefined : { kind: entry.kind, value: entry.value };
  }

  /** Test hook: run eviction now instead of waiting for the timer. */
  evictIdleNow(): void {
    this.evictIdle();
  }
}

const kindNames: Record<string, string> = {
  state: "state",
  join: "join (transaction)",
  reinit: "reinit",
  signer: "external signer",
};

function describeKind(kind: string): string {
  return kindNames[kind] ?? kind;
}
