// message-protection.json: a proposal, a commit and application data, each
// protected as PublicMessage and/or PrivateMessage by leaf 1 of a two-member
// group. Each given message must verify and open to the given payload, and
// protecting the opened content again must give a message that opens too.
import { errorMessage } from "../errors.js";
import { epochKeys, payload, reprotect, unprotect, type EpochKeys } from "./adapters/message-protection.js";
import type { Suite } from "../ts-mls/ciphersuites.js";
import type { Check } from "./outcome.js";
import { definePerSuite } from "./suites.js";

interface MessageProtectionCase {
  groupId: Uint8Array;
  epoch: number;
  treeHash: Uint8Array;
  confirmedTranscriptHash: Uint8Array;
  signaturePub: Uint8Array;
  encryptionSecret: Uint8Array;
  senderDataSecret: Uint8Array;
  membershipKey: Uint8Array;
  /** [payload field, its bytes, the protected forms by field name]. */
  messages: Array<{ name: string; payload: Uint8Array; protectedAs: Array<[field: string, bytes: Uint8Array]> }>;
}

const kinds = [
  { name: "proposal", forms: ["proposal_pub", "proposal_priv"] },
  { name: "commit", forms: ["commit_pub", "commit_priv"] },
  // Application data is never sent as a PublicMessage (RFC 9420 §6.2).
  { name: "application", forms: ["application_priv"] },
] as const;

async function checkForm(
  cs: Suite,
  keys: EpochKeys,
  check: Check,
  field: string,
  bytes: Uint8Array,
  expected: Uint8Array,
) {
  let opened;
  try {
    opened = await unprotect(cs, keys, bytes, field);
  } catch (err) {
    check.value(`${field}: verifies and opens`, "yes", `no (${errorMessage(err)})`);
    return;
  }
  check.bytes(`${field}: content`, expected, payload(opened));
  let again;
  try {
    again = await unprotect(cs, keys, await reprotect(cs, keys, opened), `${field} protected again`);
  } catch (err) {
    check.value(`${field}: our re-protected message verifies and opens`, "yes", `no (${errorMessage(err)})`);
    return;
  }
  check.bytes(`${field}: content of our re-protected message`, expected, payload(again));
}

export const messageProtection = definePerSuite<MessageProtectionCase>({
  name: "message-protection",
  fields: [
    "group_id",
    "epoch",
    "encryption_secret",
    "sender_data_secret",
    "membership_key",
    "proposal",
    "commit",
    "application",
  ],
  parse: (f) => ({
    groupId: f.hex("group_id"),
    epoch: f.uint("epoch"),
    treeHash: f.hex("tree_hash"),
    confirmedTranscriptHash: f.hex("confirmed_transcript_hash"),
    signaturePub: f.hex("signature_pub"),
    encryptionSecret: f.hex("encryption_secret"),
    senderDataSecret: f.hex("sender_data_secret"),
    membershipKey: f.hex("membership_key"),
    messages: kinds.map((k) => ({
      name: k.name,
      payload: f.hex(k.name),
      protectedAs: k.forms.map((form): [string, Uint8Array] => [form, f.hex(form)]),
    })),
  }),
  async verify(c, cs, check) {
    const keys = epochKeys(
      cs,
      {
        groupId: c.groupId,
        epoch: BigInt(c.epoch),
        treeHash: c.treeHash,
        confirmedTranscriptHash: c.confirmedTranscriptHash,
      },
      {
        signaturePub: c.signaturePub,
        encryptionSecret: c.encryptionSecret,
        senderDataSecret: c.senderDataSecret,
        membershipKey: c.membershipKey,
      },
    );
    for (const m of c.messages)
      for (const [field, bytes] of m.protectedAs) await checkForm(cs, keys, check, field, bytes, m.payload);
    check.notChecked(
      "signing: re-protection reuses the vector's signatures (a FramedContent signature covers the wire format it was made for); SignWithLabel itself is checked by crypto-basics",
    );
  },
});
