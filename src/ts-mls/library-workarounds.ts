// Workarounds for defects of the pinned ts-mls, each documented in
// KNOWN-ISSUES.md with a test that reproduces the defect against ts-mls
// directly. When an upgrade fixes one, its test fails and the workaround goes.
import { defaultExtensionTypes, encode, type CiphersuiteImpl, type GroupInfo, type GroupInfoExtension } from "ts-mls";
import { varLenDataDecoder, varLenDataEncoder } from "./codec-internals.js";

/**
 * KNOWN-ISSUES.md#external-pub-nesting. RFC 9420 §12.4.3.2: the external_pub
 * extension's data is `struct { HPKEPublicKey external_pub; }`, a key with
 * its own length prefix inside the extension's. ts-mls writes and reads the
 * bare key.
 */
export function externalPubExtension(publicKey: Uint8Array): GroupInfoExtension {
  return { extensionType: defaultExtensionTypes.external_pub, extensionData: encode(varLenDataEncoder, publicKey) };
}

const publicKeyLengths = new Map<number, Promise<number>>();

function publicKeyLength(impl: CiphersuiteImpl): Promise<number> {
  let length = publicKeyLengths.get(impl.id);
  if (length === undefined) {
    length = impl.hpke
      .generateKeyPair()
      .then(async ({ publicKey }) => (await impl.hpke.exportPublicKey(publicKey)).length);
    publicKeyLengths.set(impl.id, length);
  }
  return length;
}

/**
 * For ts-mls's joinGroupExternal, which hands the external_pub extension data
 * straight to HPKE: a ciphersuite whose key import also accepts the
 * RFC-nested form. Only an input of exactly prefix + key length whose prefix
 * says so is unwrapped, so no bare key is ever mistaken for a nested one.
 */
export function acceptingNestedExternalPub(impl: CiphersuiteImpl): CiphersuiteImpl {
  const importPublicKey: CiphersuiteImpl["hpke"]["importPublicKey"] = async (key) => {
    const npk = await publicKeyLength(impl);
    if (key.length > npk) {
      const decoded = varLenDataDecoder(key, 0);
      if (decoded !== undefined && decoded[1] === key.length && decoded[0].length === npk)
        return impl.hpke.importPublicKey(decoded[0]);
    }
    return impl.hpke.importPublicKey(key);
  };
  return { ...impl, hpke: { ...impl.hpke, importPublicKey } };
}

/**
 * KNOWN-ISSUES.md#external-sender-index. proposeExternal numbers the sender
 * by its position among *all* group context extensions, while receivers
 * (ts-mls included) look it up among the external_senders ones. Handing it a
 * GroupInfo whose context lists only those makes both agree; the context is
 * not part of what an external sender signs (RFC 9420 §6.1), so nothing else
 * changes.
 */
export function withOnlyExternalSenders(groupInfo: GroupInfo): GroupInfo {
  const extensions = groupInfo.groupContext.extensions.filter(
    (e) => e.extensionType === defaultExtensionTypes.external_senders,
  );
  return { ...groupInfo, groupContext: { ...groupInfo.groupContext, extensions } };
}
