// RPC sequences that several actions share, in the Go runner's order and
// with its agreement checks.
import type { Method, PartialRequest, ResponseOf } from "../connection.js";
import type { RunContext } from "../run-context.js";
import type { StepInfo } from "./action.js";

/** Credentials carry the actor's name as identity bytes. */
export function identity(actor: string): Buffer {
  return Buffer.from(actor, "utf8");
}

export function proposalsAt(cx: RunContext, indices: readonly number[]): Buffer[] {
  return indices.map((i) => cx.message(i, "proposal"));
}

export interface PendingJoin {
  member: string;
  transactionId: number;
  keyPackage: Buffer;
}

/** A fresh KeyPackage from each member, in order, in the run's current suite. */
export async function keyPackagesOf(cx: RunContext, members: readonly string[]): Promise<PendingJoin[]> {
  const joins: PendingJoin[] = [];
  for (const member of members) {
    const made = await cx.call(member, "createKeyPackage", { cipherSuite: cx.suite, identity: identity(member) });
    joins.push({ member, transactionId: cx.adopt(member, made.transactionId), keyPackage: made.keyPackage });
  }
  return joins;
}

/** HandlePendingCommit at the committer; its authenticator is the one everyone must reach. */
export async function applyPendingCommit(cx: RunContext, actor: string): Promise<Buffer> {
  const applied = await cx.call(actor, "handlePendingCommit", { stateId: cx.state(actor) });
  cx.states.set(actor, applied.stateId);
  return applied.epochAuthenticator;
}

export async function handleCommitAtMembers(
  cx: RunContext,
  members: readonly string[],
  proposals: Buffer[],
  commit: Buffer,
  expected: Buffer,
): Promise<void> {
  for (const member of members) {
    const handled = await cx.call(member, "handleCommit", { stateId: cx.state(member), proposal: proposals, commit });
    cx.agree(handled.epochAuthenticator, expected, `Member [${member}] failed to agree on epoch authenticator`);
    cx.states.set(member, handled.stateId);
  }
}

export async function joinWithWelcome(
  cx: RunContext,
  joiner: string,
  transactionId: number,
  welcome: Buffer,
  ratchetTree: Buffer | undefined,
  expected: Buffer,
): Promise<void> {
  const joined = await cx.call(joiner, "joinGroup", {
    transactionId,
    welcome,
    encryptHandshake: cx.encrypt,
    identity: identity(joiner),
    ratchetTree,
  });
  cx.released(joiner, transactionId);
  cx.agree(joined.epochAuthenticator, expected, `Joiner [${joiner}] failed to agree on epoch authenticator`);
  cx.states.set(joiner, joined.stateId);
}

type ProposalMethod = { [M in Method]: ResponseOf<M> extends { proposal: Buffer } ? M : never }[Method];

/** A member's own proposal from its current state, stored as the step's `proposal`. */
export async function propose<M extends ProposalMethod>(
  cx: RunContext,
  step: StepInfo,
  method: M,
  fields: Omit<PartialRequest<M>, "stateId">,
): Promise<void> {
  const request = { stateId: cx.state(step.actor), ...fields } as PartialRequest<M>;
  const response: { proposal: Buffer } = await cx.call(step.actor, method, request);
  cx.store(step.index, "proposal", response.proposal);
}
