// The LeafNode of an Update proposal: a fresh HPKE key under the member's
// signature key and credential, signed over the group id and leaf index as
// RFC 9420 §7.2 asks of source `update`. ts-mls has no API for it
// (KNOWN-ISSUES.md#no-update-proposal-api); its commit-leaf signer signs
// whichever LeafNodeTBS it is handed.
import { getOwnLeafNode, leafNodeSources, type ClientState, type LeafNodeUpdate } from "ts-mls";
import type { Suite } from "../ts-mls/ciphersuites.js";
import { library } from "../ts-mls/library-errors.js";
import { signLeafNodeTbs } from "../ts-mls/tree-internals.js";

/** The private key is the caller's to keep until a commit applies the Update. */
export async function freshUpdateLeaf(
  state: ClientState,
  cs: Suite,
): Promise<{ leafNode: LeafNodeUpdate; hpkePrivateKey: Uint8Array }> {
  return library("sign Update leaf node", async () => {
    const own = getOwnLeafNode(state);
    const keyPair = await cs.impl.hpke.generateKeyPair();
    const hpkePublicKey = await cs.impl.hpke.exportPublicKey(keyPair.publicKey);
    const hpkePrivateKey = await cs.impl.hpke.exportPrivateKey(keyPair.privateKey);
    const unsigned = {
      hpkePublicKey,
      signaturePublicKey: own.signaturePublicKey,
      credential: own.credential,
      capabilities: own.capabilities,
      leafNodeSource: leafNodeSources.update,
      extensions: own.extensions,
    };
    const signed = await signLeafNodeTbs(
      {
        ...unsigned,
        signature: new Uint8Array(),
        groupId: state.groupContext.groupId,
        leafIndex: state.privatePath.leafIndex,
      },
      state.signaturePrivateKey,
      cs.impl.signature,
    );
    const leafNode: LeafNodeUpdate = { ...unsigned, signature: signed.signature };
    return { leafNode, hpkePrivateKey };
  });
}
