// KNOWN-ISSUES.md#proposal-decode-fallback
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultProposalTypes,
  encode,
  makeCustomExtension,
  mlsMessageEncoder,
  type ClientState,
  type MlsMessage,
} from "ts-mls";
import {
  decodeMessage,
  fixedMessage,
  group,
  groupContextExtensions,
  indexOfBytes,
  propose,
  receive,
  vector,
} from "./fixtures.js";

const slug = "proposal-decode-fallback";
const workaround = "src/ts-mls/undecodable.ts (which names the proposal that did not decode)";

/**
 * A GroupContextExtensions proposal as another stack sends it when it lists
 * no external senders: extension 5 with data `00` (an empty
 * `ExternalSender external_senders<V>`), which ts-mls cannot parse
 * (KNOWN-ISSUES.md#external-senders-encoding). ts-mls writes the extension
 * under a placeholder type of the same width; the two type bytes are then
 * patched to 5.
 */
async function foreignGceProposal(): Promise<{ bob: ClientState; wire: Uint8Array }> {
  const [alice, bob] = await group(["alice", "bob"]);
  const placeholder = makeCustomExtension({ extensionType: 0xff05, extensionData: Uint8Array.of(0x00) });
  const { message } = await propose(alice, groupContextExtensions([placeholder]));
  const wire = encode(mlsMessageEncoder, message);
  const at = indexOfBytes(wire, Uint8Array.from([0xff, 0x05, ...vector(Uint8Array.of(0x00))]));
  assert.notEqual(at, -1, "fixture: placeholder extension found");
  const patched = Uint8Array.from(wire);
  patched[at] = 0x00;
  assert.ok(bob !== undefined);
  return { bob, wire: patched };
}

test("a default proposal whose body does not parse is decoded as a custom proposal of that type", async () => {
  const { wire } = await foreignGceProposal();
  const decoded = decodeMessage(wire);
  // A fixed ts-mls rejects the bytes here.
  assert.ok(decoded !== undefined && "publicMessage" in decoded, fixedMessage(slug, workaround));
  const content = decoded.publicMessage.content;
  assert.ok("proposal" in content);
  assert.equal(content.proposal.proposalType, defaultProposalTypes.group_context_extensions);
  assert.ok(
    "proposalData" in content.proposal && !("groupContextExtensions" in content.proposal),
    fixedMessage(slug, workaround),
  );
});

test("processing such a proposal crashes with a TypeError instead of a decode error", async () => {
  const { bob, wire } = await foreignGceProposal();
  const message: MlsMessage | undefined = decodeMessage(wire);
  assert.ok(message !== undefined, fixedMessage(slug, workaround));
  const error = await receive(bob, message).then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(error instanceof TypeError, `${fixedMessage(slug, workaround)} (got ${String(error)})`);
});
