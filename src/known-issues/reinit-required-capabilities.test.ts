// KNOWN-ISSUES.md#reinit-required-capabilities
import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "ts-mls";
import {
  epochAuthenticator,
  fixedMessage,
  joinReinitialised,
  reinitialised,
  requiredCapabilitiesExtension,
  type Reinitialised,
} from "./fixtures.js";

const slug = "reinit-required-capabilities";

test("joinGroupFromReinit rejects a new group whose extensions include required_capabilities", async () => {
  const join = (r: Reinitialised) => joinReinitialised(r, true);
  // Without extensions bob joins the new group...
  const plain = await reinitialised([]);
  assert.equal(epochAuthenticator(await join(plain)), epochAuthenticator(plain.alice));

  // ...with required_capabilities he cannot, though the ReInit he agreed to
  // and the new group carry the same extensions: ts-mls compares the parsed
  // RequiredCapabilities by object identity.
  const withCapabilities = await reinitialised([requiredCapabilitiesExtension]);
  const suspended = withCapabilities.bobSuspended.groupActiveState;
  assert.ok(suspended.kind === "suspendedPendingReinit");
  assert.deepEqual(suspended.reinit.extensions, withCapabilities.alice.groupContext.extensions);
  await assert.rejects(
    join(withCapabilities),
    (err: Error) => err instanceof ValidationError && /Extensions mismatch/.test(err.message),
    fixedMessage(
      slug,
      "src/ts-mls/rfc-codecs/extension.ts (extensionsEqual; as released, src/methods/reinit.ts handleReInitWelcome refuses)",
    ),
  );
});
