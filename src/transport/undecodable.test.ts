// A proposal whose body does not decode is INVALID_ARGUMENT naming the
// proposal and the extension inside it, never the TypeError ts-mls runs into
// later (KNOWN-ISSUES.md#proposal-decode-fallback): in a PublicMessage, and
// in a PrivateMessage's proposal and commit.
import assert from "node:assert/strict";
import { status, type ServiceError } from "@grpc/grpc-js";
import { after, before, test } from "node:test";
import {
  createCommit,
  createProposal,
  defaultProposalTypes,
  encode,
  mlsMessageEncoder,
  type MlsMessage,
  type Proposal,
} from "ts-mls";
import type { Client } from "../testing/client.js";
import { expectStatus } from "../testing/expect-status.js";
import { Actor, commit, createGroup, type Run } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";
import type { MemberSession } from "../methods/handles.js";
import { sessionContext } from "../methods/member-session.js";

let server: TestServer & { server: { store: { peek(id: number): { value: unknown } | undefined } } };
let c: Client;
before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

const undecodedExtension =
  /\(proposal type 7, group_context_extensions\) does not decode: extension 0 \(type 5, external_senders\) does not decode$/;

function noJavaScriptError(err: ServiceError): void {
  assert.doesNotMatch(err.details, /TypeError|Cannot read|undefined/, "no JavaScript error text");
}

async function group(encrypt: boolean): Promise<[Actor, Actor]> {
  const run: Run = { suite: 1, encrypt };
  const [alice, bob] = [new Actor("alice", c), new Actor("bob", c)];
  await createGroup(run, alice, [bob]);
  return [alice, bob];
}

/**
 * Our server writes extension type 0xff05 with data 0x05 as opaque bytes;
 * the two type bytes patched to 5 make an external_senders extension whose
 * data is no list, exactly as another stack's bytes would be.
 */
const placeholder = { extensionType: 0xff05, extensionData: Buffer.of(0x05) };

function patchPlaceholder(bytes: Buffer): Buffer {
  const at = bytes.indexOf(Buffer.of(0xff, 0x05, 0x01, 0x05));
  assert.notEqual(at, -1, "placeholder extension found");
  const patched = Buffer.from(bytes);
  patched[at] = 0x00;
  return patched;
}

/** Bob committing `proposal` by reference fails, naming it. */
async function byReferenceRefused(bob: Actor, proposal: Buffer): Promise<void> {
  const err = await expectStatus(
    c.call("commit", { stateId: bob.stateId, byReference: [proposal] }),
    status.INVALID_ARGUMENT,
    "Commit",
    new RegExp(`by_reference\\[0\\]'s proposal ${undecodedExtension.source}`),
  );
  noJavaScriptError(err);
}

test("PublicMessage: an external_senders list that does not parse, named by proposal and extension", async () => {
  const [alice, bob] = await group(false);
  const { proposal } = await c.call("groupContextExtensionsProposal", {
    stateId: alice.stateId,
    extensions: [placeholder],
  });
  await byReferenceRefused(bob, patchPlaceholder(proposal));
});

test("GroupInfo: the group context extension that does not decode is named", async () => {
  const [alice, bob] = await group(false);
  const { proposal } = await c.call("groupContextExtensionsProposal", {
    stateId: alice.stateId,
    extensions: [placeholder],
  });
  await commit({ suite: 1, encrypt: false }, alice, { byReference: [proposal] }, [bob]);
  const { groupInfo } = await c.call("groupInfo", { stateId: alice.stateId, externalTree: false });
  const patched = patchPlaceholder(groupInfo);
  const err = await expectStatus(
    c.call("newMemberAddProposal", { groupInfo: patched, identity: Buffer.from("carol") }),
    status.INVALID_ARGUMENT,
    "NewMemberAddProposal",
    /group_info \(MLSMessage\) does not decode: group context extension 0 \(type 5, external_senders\) does not decode$/,
  );
  noJavaScriptError(err);
});

/** Alice's state as the server holds it, to send from with the library directly. */
function session(actor: Actor): MemberSession {
  const entry = server.server.store.peek(actor.stateId);
  assert.ok(entry !== undefined);
  return entry.value as MemberSession;
}

/** Extension data handed to the codec as bytes is written as is: here bytes that are no ExternalSender list. */
const malformed = {
  proposalType: defaultProposalTypes.group_context_extensions,
  groupContextExtensions: { extensions: [{ extensionType: 5, extensionData: Uint8Array.of(0x05) }] },
} as unknown as Proposal;

function wire(message: MlsMessage): Buffer {
  return Buffer.from(encode(mlsMessageEncoder, message));
}

test("PrivateMessage proposal: refused before the library records it", async () => {
  const [alice, bob] = await group(true);
  const from = session(alice);
  const { message } = await createProposal({
    context: sessionContext(from),
    state: from.state,
    wireAsPublicMessage: false,
    proposal: malformed,
  });
  await byReferenceRefused(bob, wire(message));
});

test("PrivateMessage commit: a by-value proposal the library fails on is named", async () => {
  const [alice, bob] = await group(true);
  const from = session(alice);
  const { commit } = await createCommit({
    context: sessionContext(from),
    state: from.state,
    wireAsPublicMessage: false,
    extraProposals: [malformed],
  });
  const err = await expectStatus(
    c.call("handleCommit", { stateId: bob.stateId, proposal: [], commit: wire(commit) }),
    status.INVALID_ARGUMENT,
    "HandleCommit",
    new RegExp(`commit: commit proposal 0 ${undecodedExtension.source}`),
  );
  noJavaScriptError(err);
  // bob's state is untouched: alice's next, well-formed commit is still his next epoch.
  await c.call("commit", { stateId: alice.stateId });
});
