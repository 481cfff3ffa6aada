// The GroupInfo a member hands out (GroupInfo, and the external join tests):
// assembled and signed here because ts-mls's createGroupInfoWithExternalPub
// writes external_pub without the length prefix RFC 9420 §12.4.3.2 gives it
// (KNOWN-ISSUES.md#external-pub-nesting).
import { defaultExtensionTypes, encode, type ClientState, type GroupInfo, type GroupInfoExtension } from "ts-mls";
import type { Suite } from "../ts-mls/ciphersuites.js";
import { library } from "../ts-mls/library-errors.js";
import { externalPubExtension } from "../ts-mls/library-workarounds.js";
import { ratchetTreeEncoder } from "../ts-mls/tree-internals.js";
import { signGroupInfo } from "../ts-mls/welcome-internals.js";

/** A GroupInfo of the current epoch, signed by this member, always with external_pub. */
export async function signedGroupInfo(state: ClientState, cs: Suite, withTree: boolean): Promise<GroupInfo> {
  return library("sign GroupInfo", async () => {
    const { publicKey } = await cs.impl.hpke.deriveKeyPair(state.keySchedule.externalSecret);
    const extensions: GroupInfoExtension[] = [externalPubExtension(await cs.impl.hpke.exportPublicKey(publicKey))];
    if (withTree)
      extensions.push({
        extensionType: defaultExtensionTypes.ratchet_tree,
        extensionData: encode(ratchetTreeEncoder, state.ratchetTree),
      });
    return signGroupInfo(
      {
        groupContext: state.groupContext,
        extensions,
        confirmationTag: state.confirmationTag,
        signer: state.privatePath.leafIndex,
      },
      state.signaturePrivateKey,
      cs.impl.signature,
    );
  });
}
