// Keys and nonces of the secret tree (RFC 9420 §9) and of sender-data
// encryption (§6.3.2), derived from given secrets rather than a group state.
import { contentTypes, defaultKeyRetentionConfig, type KeyRetentionConfig } from "ts-mls";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import {
  createSecretTree,
  expandSenderDataKey,
  expandSenderDataNonce,
  ratchetToGeneration,
} from "../../ts-mls/message-internals.js";

export type RatchetKind = "handshake" | "application";

/** Vectors ask for arbitrary generations; a group state would refuse to ratchet that far ahead. */
const unboundedRatchet: KeyRetentionConfig = {
  ...defaultKeyRetentionConfig,
  maximumForwardRatchetSteps: Number.MAX_SAFE_INTEGER,
};

/** An all-zero reuse guard leaves the derived nonce as it is (RFC 9420 §6.3.1 XORs it in). */
const noReuseGuard = new Uint8Array(4);

export async function ratchetKeyAndNonce(
  cs: Suite,
  encryptionSecret: Uint8Array,
  leafCount: number,
  leaf: number,
  kind: RatchetKind,
  generation: number,
): Promise<{ key: Uint8Array; nonce: Uint8Array }> {
  const tree = createSecretTree(leafCount, encryptionSecret);
  const contentType = kind === "application" ? contentTypes.application : contentTypes.commit;
  const { key, nonce } = await ratchetToGeneration(
    tree,
    { leafIndex: leaf, generation, reuseGuard: noReuseGuard },
    contentType,
    unboundedRatchet,
    cs.impl,
  );
  return { key, nonce };
}

export async function senderDataKeyAndNonce(
  cs: Suite,
  senderDataSecret: Uint8Array,
  ciphertext: Uint8Array,
): Promise<{ key: Uint8Array; nonce: Uint8Array }> {
  return {
    key: await expandSenderDataKey(cs.impl, senderDataSecret, ciphertext),
    nonce: await expandSenderDataNonce(cs.impl, senderDataSecret, ciphertext),
  };
}
