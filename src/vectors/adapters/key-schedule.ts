// One epoch of the key schedule (RFC 9420 §8) from given inputs, and the PSK
// secret of a list of external PSKs (§8.4), outside any group state.
import { encode, mlsExporter, protocolVersions, pskTypes, type GroupContext, type KeySchedule } from "ts-mls";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { groupContextEncoder } from "../../ts-mls/codec-internals.js";
import { computePskSecret, initializeEpoch } from "../../ts-mls/key-schedule-internals.js";

export interface GroupContextInputs {
  groupId: Uint8Array;
  epoch: bigint;
  treeHash: Uint8Array;
  confirmedTranscriptHash: Uint8Array;
}

/** A GroupContext without extensions, as the key-schedule vectors use. */
export function plainGroupContext(cs: Suite, inputs: GroupContextInputs): GroupContext {
  return { version: protocolVersions.mls10, cipherSuite: cs.id, extensions: [], ...inputs };
}

export function encodeGroupContext(context: GroupContext): Uint8Array {
  return encode(groupContextEncoder, context);
}

export interface EpochOutputs {
  joinerSecret: Uint8Array;
  welcomeSecret: Uint8Array;
  encryptionSecret: Uint8Array;
  keySchedule: KeySchedule;
  /** HPKE public key derived from external_secret (§8.3), raw. */
  externalPub: Uint8Array;
}

export async function deriveEpoch(
  cs: Suite,
  initSecret: Uint8Array,
  commitSecret: Uint8Array,
  pskSecret: Uint8Array,
  context: GroupContext,
): Promise<EpochOutputs> {
  const epoch = await initializeEpoch(initSecret, commitSecret, context, pskSecret, cs.impl.kdf);
  const { publicKey } = await cs.impl.hpke.deriveKeyPair(epoch.keySchedule.externalSecret);
  return { ...epoch, externalPub: await cs.impl.hpke.exportPublicKey(publicKey) };
}

/**
 * ts-mls takes exporter labels as strings and encodes them as UTF-8; a label
 * whose bytes are not UTF-8 cannot be passed (undefined is returned then).
 */
export async function exportSecret(
  cs: Suite,
  exporterSecret: Uint8Array,
  label: Uint8Array,
  context: Uint8Array,
  length: number,
): Promise<Uint8Array | undefined> {
  const text = Buffer.from(label).toString("utf8");
  if (!Buffer.from(text, "utf8").equals(label)) return undefined;
  return mlsExporter(exporterSecret, text, context, length, cs.impl);
}

export interface ExternalPsk {
  pskId: Uint8Array;
  pskNonce: Uint8Array;
  psk: Uint8Array;
}

export function externalPskSecret(cs: Suite, psks: readonly ExternalPsk[]): Promise<Uint8Array> {
  return computePskSecret(
    psks.map((p) => [{ psktype: pskTypes.external, pskId: p.pskId, pskNonce: p.pskNonce }, p.psk]),
    cs.impl,
  );
}
