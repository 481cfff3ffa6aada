// KNOWN-ISSUES.md#process-message-drops-psks
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToBase64, createCommit, processMessage, processPrivateMessage } from "ts-mls";
import {
  asPrivateMessage,
  bytes,
  context,
  epochAuthenticator,
  externalPsk,
  fixedMessage,
  group,
  receive,
  suite,
} from "./fixtures.js";

const slug = "process-message-drops-psks";

test("processMessage drops the context's external PSKs for a PrivateMessage commit", async () => {
  const [alice, bob] = await group(["alice", "bob"]);
  const pskId = bytes("psk-1");
  const psks = { [bytesToBase64(pskId)]: suite.rng.randomBytes(suite.kdf.size) };
  const commit = (wireAsPublicMessage: boolean) =>
    createCommit({ context: context(psks), state: alice, extraProposals: [externalPsk(pskId)], wireAsPublicMessage });

  const privateCommit = await commit(false);
  await assert.rejects(
    processMessage({ context: context(psks), state: bob, message: privateCommit.commit }),
    /Could not find pskId referenced in proposal/,
    fixedMessage(slug, "src/protocol/commit-processing.ts, and src/methods/incoming.ts (processHandshakeAsReleased)"),
  );
  // The same PSK table reaches processPrivateMessage when it is called directly...
  const direct = await processPrivateMessage({
    context: context(psks),
    state: bob,
    privateMessage: asPrivateMessage(privateCommit.commit),
  });
  assert.equal(epochAuthenticator(direct.newState), epochAuthenticator(privateCommit.newState));
  // ...and processMessage passes it on for a PublicMessage.
  const publicCommit = await commit(true);
  assert.equal(
    epochAuthenticator(await receive(bob, publicCommit.commit, psks)),
    epochAuthenticator(publicCommit.newState),
  );
});
