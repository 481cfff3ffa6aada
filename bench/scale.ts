// Sections 3 and 4: a group of N members built by one commit of N-1 adds by
// value, an empty commit (which gets an UpdatePath) from the creator that
// every other member handles, then one Protect and one Unprotect: timed per
// phase and weighed (live heap after GC with every member's state held), on
// the server and on ts-mls directly.
import { randomUUID } from "node:crypto";
import type { ClientState } from "ts-mls";
import { LibraryDriver, type LibraryKeyPackage } from "./library-driver.js";
import { heapAfterGc, round, timed } from "./measure.js";
import { ServerDriver } from "./server-driver.js";

export const phases = [
  "keyPackages",
  "addCommit",
  "joins",
  "updateCommit",
  "handleCommits",
  "protect",
  "unprotect",
] as const;
export type Phase = (typeof phases)[number];

export const phaseNames: Record<Phase, string> = {
  keyPackages: "N-1 KeyPackages",
  addCommit: "commit of N-1 adds",
  joins: "N-1 joins",
  updateCommit: "update commit (path)",
  handleCommits: "N-1 handle the commit",
  protect: "Protect",
  unprotect: "Unprotect",
};

export interface ScaleRun {
  /** Milliseconds per phase (a phase of N-1 calls: all of them). */
  ms: Record<Phase, number>;
  totalMs: number;
  /** Live heap held by the group's N member states. */
  heapBytes: number;
}

export interface ScaleRow {
  n: number;
  library: ScaleRun;
  server: ScaleRun;
}

const plaintext = new Uint8Array(100).fill(0x62);

type Timer = <T>(phase: Phase, fn: () => Promise<T>) => Promise<T>;

function phaseTimer(): { ms: Record<Phase, number>; time: Timer } {
  const ms = Object.fromEntries(phases.map((p) => [p, 0])) as Record<Phase, number>;
  return {
    ms,
    time: async (phase, fn) => {
      const { value, ms: took } = await timed(fn);
      ms[phase] += took;
      return value;
    },
  };
}

function finish(ms: Record<Phase, number>, heapBytes: number): ScaleRun {
  const rounded = Object.fromEntries(phases.map((p) => [p, round(ms[p], 1)])) as Record<Phase, number>;
  return {
    ms: rounded,
    totalMs: round(
      phases.reduce((sum, p) => sum + ms[p], 0),
      1,
    ),
    heapBytes,
  };
}

interface LibraryGroup {
  creator: ClientState;
  members: ClientState[];
}

/** The whole scenario on ts-mls. */
async function libraryGroup(lib: LibraryDriver, n: number, time: Timer): Promise<LibraryGroup> {
  let creator = await lib.createGroup("creator", new TextEncoder().encode(randomUUID()));
  const kps: LibraryKeyPackage[] = [];
  await time("keyPackages", async () => {
    for (let i = 1; i < n; i++) kps.push(await lib.keyPackage(`member-${i}`));
  });
  const created = await time("addCommit", () => lib.commit(creator, lib.adds(kps.map((k) => k.bytes))));
  creator = created.newState;
  const members: ClientState[] = [];
  await time("joins", async () => {
    for (const kp of kps) members.push(await lib.join(kp, created.welcome as Uint8Array));
  });
  const update = await time("updateCommit", () => lib.commit(creator));
  creator = update.newState;
  await time("handleCommits", async () => {
    for (const [i, m] of members.entries()) members[i] = await lib.handle(m, update.commit);
  });
  const sent = await time("protect", () => lib.protect(creator, plaintext));
  creator = sent.newState;
  if (members.length > 0)
    members[0] = (await time("unprotect", () => lib.unprotect(members[0] as ClientState, sent.bytes))).newState;
  if (creator.groupContext.epoch !== 2n) throw new Error("bench: library group did not reach epoch 2");
  return { creator, members };
}

/** The same scenario through the server: the N state ids. */
async function serverGroup(srv: ServerDriver, n: number, time: Timer): Promise<number[]> {
  let creator = await srv.createGroup("creator", new TextEncoder().encode(randomUUID()));
  const kps: Array<{ transactionId: number; keyPackage: Buffer }> = [];
  await time("keyPackages", async () => {
    for (let i = 1; i < n; i++) kps.push(await srv.keyPackage(`member-${i}`));
  });
  const created = await time("addCommit", async () => {
    const c = await srv.commit(creator, srv.adds(kps.map((k) => k.keyPackage)));
    creator = await srv.applyPending(creator);
    return c;
  });
  const members: number[] = [];
  await time("joins", async () => {
    for (const kp of kps) members.push(await srv.join(kp.transactionId, created.welcome));
  });
  const update = await time("updateCommit", async () => {
    const c = await srv.commit(creator);
    creator = await srv.applyPending(creator);
    return c;
  });
  await time("handleCommits", async () => {
    for (const [i, m] of members.entries()) members[i] = await srv.handle(m, update.commit);
  });
  const ciphertext = await time("protect", () => srv.protect(creator, plaintext));
  if (members.length > 0) await time("unprotect", () => srv.unprotect(members[0] as number, ciphertext));
  return [creator, ...members];
}

export async function libraryScale(lib: LibraryDriver, n: number): Promise<ScaleRun> {
  const { ms, time } = phaseTimer();
  const before = heapAfterGc();
  const group = await libraryGroup(lib, n, time);
  const heapBytes = heapAfterGc() - before;
  // Used after weighing, so that the states cannot have been collected before it.
  if (group.members.length !== n - 1) throw new Error("bench: library group lost members");
  return finish(ms, heapBytes);
}

export async function serverScale(srv: ServerDriver, n: number): Promise<ScaleRun> {
  const { ms, time } = phaseTimer();
  const before = await srv.heapUsed();
  const ids = await serverGroup(srv, n, time);
  const heapBytes = (await srv.heapUsed()) - before;
  for (const id of ids) await srv.free(id);
  return finish(ms, heapBytes);
}

export interface StateMemory {
  groupSize: number;
  states: number;
  libraryBytesPerState: number;
  serverBytesPerState: number;
}

/** Section 4 at N = 2: one group of 2 weighs too little to measure, so `groups` of them are held and weighed together. */
export async function pairMemory(lib: LibraryDriver, srv: ServerDriver, groups: number): Promise<StateMemory> {
  const untimed: Timer = (_phase, fn) => fn();
  const libBefore = heapAfterGc();
  const held: LibraryGroup[] = [];
  for (let g = 0; g < groups; g++) held.push(await libraryGroup(lib, 2, untimed));
  const libraryBytes = heapAfterGc() - libBefore;
  if (held.length !== groups) throw new Error("bench: library groups lost");
  held.length = 0;

  const srvBefore = await srv.heapUsed();
  const ids: number[] = [];
  for (let g = 0; g < groups; g++) ids.push(...(await serverGroup(srv, 2, untimed)));
  const serverBytes = (await srv.heapUsed()) - srvBefore;
  for (const id of ids) await srv.free(id);
  return {
    groupSize: 2,
    states: 2 * groups,
    libraryBytesPerState: Math.round(libraryBytes / (2 * groups)),
    serverBytesPerState: Math.round(serverBytes / (2 * groups)),
  };
}

export function stateMemory(row: ScaleRow): StateMemory {
  return {
    groupSize: row.n,
    states: row.n,
    libraryBytesPerState: Math.round(row.library.heapBytes / row.n),
    serverBytesPerState: Math.round(row.server.heapBytes / row.n),
  };
}
