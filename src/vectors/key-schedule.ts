// key-schedule.json: a chain of epochs from initial_init_secret, each from a
// given tree hash, commit secret, PSK secret and confirmed transcript hash.
import { deriveEpoch, encodeGroupContext, exportSecret, plainGroupContext } from "./adapters/key-schedule.js";
import type { Fields } from "./fields.js";
import { definePerSuite } from "./suites.js";

const epochOutputs = [
  ["joiner_secret", (o: Outputs) => o.joinerSecret],
  ["welcome_secret", (o: Outputs) => o.welcomeSecret],
  ["encryption_secret", (o: Outputs) => o.encryptionSecret],
  ["init_secret", (o: Outputs) => o.keySchedule.initSecret],
  ["sender_data_secret", (o: Outputs) => o.keySchedule.senderDataSecret],
  ["exporter_secret", (o: Outputs) => o.keySchedule.exporterSecret],
  ["epoch_authenticator", (o: Outputs) => o.keySchedule.epochAuthenticator],
  ["external_secret", (o: Outputs) => o.keySchedule.externalSecret],
  ["confirmation_key", (o: Outputs) => o.keySchedule.confirmationKey],
  ["membership_key", (o: Outputs) => o.keySchedule.membershipKey],
  ["resumption_psk", (o: Outputs) => o.keySchedule.resumptionPsk],
  ["external_pub", (o: Outputs) => o.externalPub],
] as const;

type Outputs = Awaited<ReturnType<typeof deriveEpoch>>;
type OutputName = (typeof epochOutputs)[number][0];

interface Epoch {
  treeHash: Uint8Array;
  commitSecret: Uint8Array;
  pskSecret: Uint8Array;
  confirmedTranscriptHash: Uint8Array;
  groupContext: Uint8Array;
  expected: Record<OutputName, Uint8Array>;
  exporter: { label: Uint8Array; context: Uint8Array; length: number; secret: Uint8Array };
}

interface KeyScheduleCase {
  groupId: Uint8Array;
  initialInitSecret: Uint8Array;
  epochs: Epoch[];
}

function parseEpoch(e: Fields): Epoch {
  const x = e.object("exporter");
  return {
    treeHash: e.hex("tree_hash"),
    commitSecret: e.hex("commit_secret"),
    pskSecret: e.hex("psk_secret"),
    confirmedTranscriptHash: e.hex("confirmed_transcript_hash"),
    groupContext: e.hex("group_context"),
    expected: Object.fromEntries(epochOutputs.map(([name]) => [name, e.hex(name)])) as Record<OutputName, Uint8Array>,
    exporter: {
      label: x.hex("label"),
      context: x.hex("context"),
      length: x.uint("length", 0xffff_ffff),
      secret: x.hex("secret"),
    },
  };
}

export const keySchedule = definePerSuite<KeyScheduleCase>({
  name: "key-schedule",
  fields: ["group_id", "initial_init_secret", "epochs"],
  parse: (f) => ({
    groupId: f.hex("group_id"),
    initialInitSecret: f.hex("initial_init_secret"),
    epochs: f.objects("epochs").map(parseEpoch),
  }),
  async verify(c, cs, check) {
    let initSecret = c.initialInitSecret;
    for (const [i, e] of c.epochs.entries()) {
      const context = plainGroupContext(cs, {
        groupId: c.groupId,
        epoch: BigInt(i),
        treeHash: e.treeHash,
        confirmedTranscriptHash: e.confirmedTranscriptHash,
      });
      check.bytes(`epochs[${i}].group_context`, e.groupContext, encodeGroupContext(context));
      const out = await deriveEpoch(cs, initSecret, e.commitSecret, e.pskSecret, context);
      for (const [name, pick] of epochOutputs) check.bytes(`epochs[${i}].${name}`, e.expected[name], pick(out));
      const exported = await exportSecret(
        cs,
        out.keySchedule.exporterSecret,
        e.exporter.label,
        e.exporter.context,
        e.exporter.length,
      );
      if (exported === undefined)
        check.notChecked(
          "exporter: ts-mls's mlsExporter takes the label as a string (UTF-8 encoded); the vector's label bytes are not valid UTF-8",
        );
      else check.bytes(`epochs[${i}].exporter.secret`, e.exporter.secret, exported);
      // The next epoch starts from our own init_secret, so one wrong epoch shows in all later ones too.
      initSecret = out.keySchedule.initSecret;
    }
  },
});
