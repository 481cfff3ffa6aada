import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { status } from "@grpc/grpc-js";
import { InteropError } from "../errors.js";
import { HandleStore } from "./handle-store.js";

type Kinds = { [kind: string]: unknown; state: string; join: number };

const store = (maxHandles = 100, idleTtlMs = 0, now = Date.now) =>
  new HandleStore<Kinds>({ maxHandles, idleTtlMs }, now);

async function rejectsWith(promise: Promise<unknown>, code: status, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InteropError);
    assert.equal(status[err.code], status[code]);
    assert.match(err.message, pattern);
    return true;
  });
}

describe("HandleStore", () => {
  test("ids are never 0 and kinds are checked", async () => {
    const s = store();
    const id = await s.transaction([], async (tx) => tx.create("state", "a"));
    assert.ok(id > 0);
    await rejectsWith(
      s.transaction([0], async (tx) => tx.get(0, "state")),
      status.NOT_FOUND,
      /id 0/,
    );
    await rejectsWith(
      s.transaction([id], async (tx) => tx.get(id, "join")),
      status.NOT_FOUND,
      /is a state, not a join/,
    );
    await rejectsWith(
      s.transaction([id + 1], async (tx) => tx.get(id + 1, "state")),
      status.NOT_FOUND,
      /unknown state handle/,
    );
  });

  test("a failed transaction leaves every handle as it was and creates nothing", async () => {
    const s = store();
    const a = await s.transaction([], async (tx) => tx.create("state", "a"));
    const b = await s.transaction([], async (tx) => tx.create("join", 1));
    await assert.rejects(
      s.transaction([a, b], async (tx) => {
        tx.put(a, "state", "changed");
        tx.remove(b);
        tx.create("state", "new");
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(s.peek(a)?.value, "a");
    assert.equal(s.peek(b)?.value, 1);
    assert.equal(s.size, 2);
  });

  test("writes of a successful transaction land together", async () => {
    const s = store();
    const a = await s.transaction([], async (tx) => tx.create("state", "a"));
    const created = await s.transaction([a], async (tx) => {
      tx.remove(a);
      return tx.create("state", "b");
    });
    assert.equal(s.peek(a), undefined);
    assert.equal(s.peek(created)?.value, "b");
  });

  test("calls on one handle are applied one after another", async () => {
    const s = store();
    const id = await s.transaction([], async (tx) => tx.create("join", 0));
    const increments = Array.from({ length: 50 }, () =>
      s.transaction([id], async (tx) => {
        const value = tx.get(id, "join");
        await new Promise((resolve) => setImmediate(resolve));
        tx.put(id, "join", value + 1);
      }),
    );
    await Promise.all(increments);
    assert.equal(s.peek(id)?.value, 50, "no increment was applied to a stale snapshot");
  });

  test("calls on different handles proceed concurrently", async () => {
    const s = store();
    const a = await s.transaction([], async (tx) => tx.create("join", 0));
    const b = await s.transaction([], async (tx) => tx.create("join", 0));
    let release!: () => void;
    const blocked = s.transaction([a], () => new Promise<void>((resolve) => (release = resolve)));
    // While `a` is held, a call on `b` completes.
    await s.transaction([b], async (tx) => tx.put(b, "join", 1));
    assert.equal(s.peek(b)?.value, 1);
    release();
    await blocked;
  });

  test("transactions over several handles do not deadlock", async () => {
    const s = store();
    const a = await s.transaction([], async (tx) => tx.create("join", 0));
    const b = await s.transaction([], async (tx) => tx.create("join", 0));
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.transaction(i % 2 === 0 ? [a, b] : [b, a], async (tx) => {
          await tick();
          tx.put(a, "join", tx.get(a, "join") + 1);
          tx.put(b, "join", tx.get(b, "join") + 1);
        }),
      ),
    );
    assert.equal(s.peek(a)?.value, 20);
    assert.equal(s.peek(b)?.value, 20);
  });

  test("using a handle that was not locked is our bug", async () => {
    const s = store();
    const a = await s.transaction([], async (tx) => tx.create("join", 0));
    await rejectsWith(
      s.transaction([], async (tx) => tx.get(a, "join")),
      status.INTERNAL,
      /without being locked/,
    );
  });

  test("the handle limit is RESOURCE_EXHAUSTED and frees make room", async () => {
    const s = store(3);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await s.transaction([], async (tx) => tx.create("join", i)));
    await rejectsWith(
      s.transaction([], async (tx) => tx.create("join", 9)),
      status.RESOURCE_EXHAUSTED,
      /limit 3/,
    );
    await s.transaction([ids[0]!], async (tx) => tx.remove(ids[0]!));
    await s.transaction([], async (tx) => tx.create("join", 9));
    assert.deepEqual(s.counts(), { join: 3 });
  });

  test("idle handles are evicted after the TTL, busy ones are not", async () => {
    let now = 1_000_000;
    const s = store(100, 10_000, () => now);
    const idle = await s.transaction([], async (tx) => tx.create("state", "idle"));
    const used = await s.transaction([], async (tx) => tx.create("state", "used"));
    now += 8_000;
    await s.transaction([used], async (tx) => tx.get(used, "state"));
    now += 5_000;
    s.evictIdleNow();
    assert.equal(s.peek(idle), undefined);
    assert.equal(s.peek(used)?.value, "used");
    s.close();
  });
});
