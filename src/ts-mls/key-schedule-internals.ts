// ts-mls INTERNALS: the key schedule, PSKs and transcript hashes (RFC 9420 §8).
// One epoch's secrets from given inputs, the PSK secret, the transcript
// hash chain and confirmation tag: for our commit and join constructions
// and the key-schedule, psk_secret and transcript-hashes vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  CiphersuiteImpl,
  ClientState,
  FramedContent,
  FramedContentCommitData,
  GroupContext,
  KeySchedule,
  PskId,
  WireformatName,
} from "ts-mls";
import { loadInternals } from "./library-module.js";

/** key-schedule.json and psk_secret.json: one epoch of the key schedule from given inputs (RFC 9420 §8). */
const keyScheduleModule = await loadInternals<{
  initializeEpoch: (
    initSecret: Uint8Array,
    commitSecret: Uint8Array,
    groupContext: GroupContext,
    pskSecret: Uint8Array,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<{
    keySchedule: KeySchedule;
    joinerSecret: Uint8Array;
    welcomeSecret: Uint8Array;
    encryptionSecret: Uint8Array;
  }>;
}>("./keySchedule.js");
export const initializeEpoch = keyScheduleModule.initializeEpoch;

const joinKeyScheduleModule = await loadInternals<{
  deriveKeySchedule: (
    joinerSecret: Uint8Array,
    pskSecret: Uint8Array,
    groupContext: GroupContext,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<[KeySchedule, Uint8Array]>;
}>("./keySchedule.js");
/** A joiner's epoch: key schedule and encryption secret from joiner secret and PSK secret. */
export const deriveKeySchedule = joinKeyScheduleModule.deriveKeySchedule;

/** transcript-hashes.json: the transcript hash chain and confirmation tag (RFC 9420 §8.2). */
const transcriptModule = await loadInternals<{
  createConfirmedHash: (
    interim: Uint8Array,
    input: { wireformat: number; content: FramedContent; signature: Uint8Array },
    h: CiphersuiteImpl["hash"],
  ) => Promise<Uint8Array>;
  createInterimHash: (
    confirmed: Uint8Array,
    confirmationTag: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<Uint8Array>;
}>("./transcriptHash.js");
export const createConfirmedHash = transcriptModule.createConfirmedHash;
export const createInterimHash = transcriptModule.createInterimHash;

const framedContentModule = await loadInternals<{
  verifyConfirmationTag: (
    key: Uint8Array,
    tag: Uint8Array,
    confirmed: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<boolean>;
}>("./framedContent.js");
export const verifyConfirmationTag = framedContentModule.verifyConfirmationTag;

const confirmationTagModule = await loadInternals<{
  createConfirmationTag: (key: Uint8Array, confirmed: Uint8Array, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./framedContent.js");
export const createConfirmationTag = confirmationTagModule.createConfirmationTag;

const epochModule = await loadInternals<{
  nextEpochContext: (
    groupContext: GroupContext,
    wireformat: WireformatName,
    content: FramedContent & FramedContentCommitData,
    signature: Uint8Array,
    updatedTreeHash: Uint8Array,
    confirmationTag: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<GroupContext>;
  exportSecret: (publicKey: Uint8Array, cs: CiphersuiteImpl) => Promise<{ enc: Uint8Array; secret: Uint8Array }>;
}>("./clientState.js");
export const nextEpochContext = epochModule.nextEpochContext;
/** HPKE export of the external init secret to a GroupInfo's external_pub key (RFC 9420 §8.3). */
export const exportExternalInitSecret = epochModule.exportSecret;

/** ts-mls's PskIndex: where a PSK proposal's secret is looked up. */
export interface PskIndex {
  findPsk(id: PskId): Uint8Array | undefined;
}

const pskModule = await loadInternals<{
  computePskSecret: (psks: Array<[PskId, Uint8Array]>, cs: CiphersuiteImpl) => Promise<Uint8Array>;
}>("./presharedkey.js");
export const computePskSecret = pskModule.computePskSecret;

const pskIndexModule = await loadInternals<{
  makePskIndex: (state: ClientState | undefined, externalPsks: Record<string, Uint8Array>) => PskIndex;
}>("./clientState.js");
export const makePskIndex = pskIndexModule.makePskIndex;

const pskAccumulatorModule = await loadInternals<{
  accumulatePskSecret: (
    ids: PskId[],
    index: PskIndex,
    cs: CiphersuiteImpl,
    zeroes: Uint8Array,
  ) => Promise<[Uint8Array, PskId[]]>;
}>("./pskIndex.js");
/** The PSK secret of a list of PSK ids, each looked up in the index (RFC 9420 §8.4). */
export const accumulatePskSecret = pskAccumulatorModule.accumulatePskSecret;
