// A small driver for server tests: actors bound to servers, and the runner's
// core moves (create a group, commit and have everyone handle it) with the
// epoch authenticator checks the official runner makes.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { ProposalDescription } from "../gen/mls_client.js";
import type { Client } from "./client.js";

export class Actor {
  stateId = 0;
  transactionId = 0;
  constructor(
    readonly name: string,
    readonly client: Client,
  ) {}

  get identity(): Buffer {
    return Buffer.from(this.name);
  }
}

export interface Run {
  suite: number;
  encrypt: boolean;
}

export function actors(names: string[], clients: Client[]): Actor[] {
  return names.map((name, i) => new Actor(name, clients[i % clients.length]!));
}

export async function keyPackage(run: Run, actor: Actor): Promise<Buffer> {
  const res = await actor.client.call("createKeyPackage", { cipherSuite: run.suite, identity: actor.identity });
  actor.transactionId = res.transactionId;
  return res.keyPackage;
}

export function byValue(type: string, fields: Partial<ProposalDescription> = {}): ProposalDescription {
  return {
    proposalType: Buffer.from(type),
    keyPackage: Buffer.alloc(0),
    removedId: Buffer.alloc(0),
    pskId: Buffer.alloc(0),
    epochId: 0n,
    extensions: [],
    groupId: Buffer.alloc(0),
    cipherSuite: 0,
    ...fields,
  };
}

export async function createGroup(run: Run, creator: Actor, members: Actor[]): Promise<Buffer> {
  const groupId = Buffer.from(randomUUID());
  const created = await creator.client.call("createGroup", {
    groupId,
    cipherSuite: run.suite,
    encryptHandshake: run.encrypt,
    identity: creator.identity,
  });
  creator.stateId = created.stateId;
  if (members.length > 0) {
    const adds = [];
    for (const m of members) adds.push(byValue("add", { keyPackage: await keyPackage(run, m) }));
    await commit(run, creator, { byValue: adds }, [], members);
  }
  return groupId;
}

export interface CommitSpec {
  byReference?: Buffer[];
  byValue?: ProposalDescription[];
  forcePath?: boolean;
  externalTree?: boolean;
}

/** fullCommit: commit, apply it, every member handles it, every joiner joins; all must agree. */
export async function commit(
  run: Run,
  committer: Actor,
  spec: CommitSpec,
  members: Actor[],
  joiners: Actor[] = [],
): Promise<{ commit: Buffer; welcome: Buffer; epochAuthenticator: Buffer }> {
  const res = await committer.client.call("commit", {
    stateId: committer.stateId,
    byReference: spec.byReference ?? [],
    byValue: spec.byValue ?? [],
    forcePath: spec.forcePath ?? false,
    externalTree: spec.externalTree ?? false,
  });
  const applied = await committer.client.call("handlePendingCommit", { stateId: committer.stateId });
  committer.stateId = applied.stateId;
  for (const m of members) {
    const handled = await m.client.call("handleCommit", {
      stateId: m.stateId,
      proposal: spec.byReference ?? [],
      commit: res.commit,
    });
    m.stateId = handled.stateId;
    assert.deepEqual(
      handled.epochAuthenticator,
      applied.epochAuthenticator,
      `${m.name} disagrees on the epoch authenticator`,
    );
  }
  for (const j of joiners) {
    const joined = await j.client.call("joinGroup", {
      transactionId: j.transactionId,
      welcome: res.welcome,
      encryptHandshake: run.encrypt,
      identity: j.identity,
      ratchetTree: spec.externalTree ? res.ratchetTree : Buffer.alloc(0),
    });
    j.stateId = joined.stateId;
    assert.deepEqual(joined.epochAuthenticator, applied.epochAuthenticator, `${j.name} disagrees after joining`);
  }
  return { commit: res.commit, welcome: res.welcome, epochAuthenticator: applied.epochAuthenticator };
}

export async function expectAgreement(group: Actor[]): Promise<Buffer> {
  const auths = await Promise.all(group.map((a) => a.client.call("stateAuth", { stateId: a.stateId })));
  for (const [i, a] of auths.entries())
    assert.deepEqual(a.stateAuthSecret, auths[0]!.stateAuthSecret, `${group[i]!.name} is in another epoch`);
  return auths[0]!.stateAuthSecret;
}

export async function freeAll(group: Actor[]): Promise<void> {
  for (const a of group) if (a.stateId !== 0) await a.client.call("free", { stateId: a.stateId });
}
