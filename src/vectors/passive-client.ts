// Passive-client vectors (passive-client-*.json and interop/passive/*.json):
// join from a Welcome with a KeyPackage made elsewhere, then follow commits.
// Run through the gRPC handlers themselves (JoinGroup, HandleCommit) over an
// in-memory handle store, so these vectors check exactly what the server does.
import { errorMessage } from "../errors.js";
import { handleCommit } from "../methods/commits.js";
import { joinGroup } from "../methods/groups.js";
import type { Handles, MethodContext } from "../methods/handles.js";
import { codecMode } from "../ts-mls/rfc-codecs/active.js";
import { importedPendingJoin } from "../methods/imported-key-package.js";
import { HandleStore } from "../store/handle-store.js";
import type { Fields } from "./fields.js";
import { definePerSuite } from "./suites.js";

interface Epoch {
  proposals: Uint8Array[];
  commit: Uint8Array;
  epochAuthenticator: Uint8Array;
}

interface PassiveCase {
  keyPackage: Uint8Array;
  signaturePriv: Uint8Array;
  encryptionPriv: Uint8Array;
  initPriv: Uint8Array;
  externalPsks: Array<{ pskId: Uint8Array; psk: Uint8Array }>;
  welcome: Uint8Array;
  ratchetTree: Uint8Array | undefined;
  initialEpochAuthenticator: Uint8Array;
  epochs: Epoch[];
}

function parse(f: Fields): PassiveCase {
  return {
    keyPackage: f.hex("key_package"),
    signaturePriv: f.hex("signature_priv"),
    encryptionPriv: f.hex("encryption_priv"),
    initPriv: f.hex("init_priv"),
    externalPsks: f.objects("external_psks").map((p) => ({ pskId: p.hex("psk_id"), psk: p.hex("psk") })),
    welcome: f.hex("welcome"),
    ratchetTree: f.optionalHex("ratchet_tree"),
    initialEpochAuthenticator: f.hex("initial_epoch_authenticator"),
    epochs: f.objects("epochs").map((e) => ({
      proposals: e.hexList("proposals"),
      commit: e.hex("commit"),
      epochAuthenticator: e.hex("epoch_authenticator"),
    })),
  };
}

/** Names the step an error came from: a failure deep in epoch 7 should say so. */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new Error(`${what}: ${errorMessage(err)}`, { cause: err });
  }
}

export const passiveClient = definePerSuite<PassiveCase>({
  name: "passive-client",
  fields: [
    "external_psks",
    "key_package",
    "signature_priv",
    "encryption_priv",
    "init_priv",
    "welcome",
    "initial_epoch_authenticator",
    "epochs",
  ],
  parse,
  async verify(c, cs, check) {
    const store = new HandleStore<Handles>();
    // A handler that succeeds with a caveat has not fully done what was asked.
    const warn = (m: string) => check.notChecked(`handler warning: ${m}`);
    const ctx: MethodContext = { store, options: { mode: codecMode() }, warn };
    try {
      const join = await step("import key_package and private keys", () => importedPendingJoin(cs, c));
      const transactionId = await store.transaction([], async (tx) => tx.create("join", join));
      const joined = await step("JoinGroup", () =>
        joinGroup(ctx, {
          transactionId,
          welcome: Buffer.from(c.welcome),
          encryptHandshake: false,
          identity: Buffer.alloc(0),
          ratchetTree: c.ratchetTree === undefined ? Buffer.alloc(0) : Buffer.from(c.ratchetTree),
        }),
      );
      if (!check.bytes("initial_epoch_authenticator", c.initialEpochAuthenticator, joined.epochAuthenticator)) return;
      for (const [i, epoch] of c.epochs.entries()) {
        const handled = await step(`epochs[${i}] HandleCommit`, () =>
          handleCommit(ctx, {
            stateId: joined.stateId,
            proposal: epoch.proposals.map((p) => Buffer.from(p)),
            commit: Buffer.from(epoch.commit),
          }),
        );
        // Later epochs build on this one: after a mismatch they can only differ too.
        if (!check.bytes(`epochs[${i}].epoch_authenticator`, epoch.epochAuthenticator, handled.epochAuthenticator))
          return;
      }
    } finally {
      store.close();
    }
  },
});
