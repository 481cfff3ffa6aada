// KNOWN-ISSUES.md#commit-resumption-psk
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit } from "ts-mls";
import { createCommitInternal } from "../ts-mls/commit-internals.js";
import { context, epochAuthenticator, fixedMessage, group, propose, receive, resumptionPsk } from "./fixtures.js";

const slug = "commit-resumption-psk";
const workaround =
  "src/protocol/commit-builder.ts (resumeFrom) and src/ts-mls/as-released-commit.ts (commitAsReleased calls createCommitInternal)";

test("createCommit cannot commit a resumption PSK proposal by value", async () => {
  const [alice] = await group(["alice", "bob"]);
  await assert.rejects(
    createCommit({
      context: context(),
      state: alice,
      extraProposals: [resumptionPsk(alice)],
      wireAsPublicMessage: true,
    }),
    /Could not find pskId referenced in proposal/,
    fixedMessage(slug, workaround),
  );
});

test("createCommit cannot commit a resumption PSK proposal by reference, which members process fine", async () => {
  const [alice, bob] = await group(["alice", "bob"]);
  const proposal = await propose(bob, resumptionPsk(bob));
  const aliceWithProposal = await receive(alice, proposal.message);
  await assert.rejects(
    createCommit({ context: context(), state: aliceWithProposal, wireAsPublicMessage: true }),
    /Could not find pskId referenced in proposal/,
    fixedMessage(slug, workaround),
  );

  // The internal variant, given the state to resume from, builds a commit bob follows.
  const internal = await createCommitInternal({
    context: context(),
    state: aliceWithProposal,
    resumingFromState: aliceWithProposal,
    wireAsPublicMessage: true,
  });
  const bobNext = await receive(proposal.state, internal.commit);
  assert.equal(epochAuthenticator(bobNext), epochAuthenticator(internal.newState));
});
