// secret-tree.json: sender-data key and nonce, and the handshake and
// application ratchets of every leaf at the listed generations.
import { ratchetKeyAndNonce, senderDataKeyAndNonce } from "./adapters/secret-tree.js";
import type { Fields } from "./fields.js";
import { definePerSuite } from "./suites.js";

interface Generation {
  generation: number;
  handshakeKey: Uint8Array;
  handshakeNonce: Uint8Array;
  applicationKey: Uint8Array;
  applicationNonce: Uint8Array;
}

interface SecretTreeCase {
  encryptionSecret: Uint8Array;
  senderData: { senderDataSecret: Uint8Array; ciphertext: Uint8Array; key: Uint8Array; nonce: Uint8Array };
  leaves: Generation[][];
}

function parse(f: Fields): SecretTreeCase {
  const sd = f.object("sender_data");
  return {
    encryptionSecret: f.hex("encryption_secret"),
    senderData: {
      senderDataSecret: sd.hex("sender_data_secret"),
      ciphertext: sd.hex("ciphertext"),
      key: sd.hex("key"),
      nonce: sd.hex("nonce"),
    },
    leaves: f.lists("leaves").map((leaf) =>
      leaf.map((g) => ({
        generation: g.uint("generation", 0xffff_ffff),
        handshakeKey: g.hex("handshake_key"),
        handshakeNonce: g.hex("handshake_nonce"),
        applicationKey: g.hex("application_key"),
        applicationNonce: g.hex("application_nonce"),
      })),
    ),
  };
}

export const secretTree = definePerSuite<SecretTreeCase>({
  name: "secret-tree",
  fields: ["encryption_secret", "sender_data", "leaves"],
  parse,
  async verify(c, cs, check) {
    const sd = await senderDataKeyAndNonce(cs, c.senderData.senderDataSecret, c.senderData.ciphertext);
    check.bytes("sender_data.key", c.senderData.key, sd.key);
    check.bytes("sender_data.nonce", c.senderData.nonce, sd.nonce);
    for (const [leaf, generations] of c.leaves.entries()) {
      for (const [j, g] of generations.entries()) {
        const at = `leaves[${leaf}][${j}] (generation ${g.generation})`;
        const hs = await ratchetKeyAndNonce(cs, c.encryptionSecret, c.leaves.length, leaf, "handshake", g.generation);
        check.bytes(`${at}.handshake_key`, g.handshakeKey, hs.key);
        check.bytes(`${at}.handshake_nonce`, g.handshakeNonce, hs.nonce);
        const app = await ratchetKeyAndNonce(
          cs,
          c.encryptionSecret,
          c.leaves.length,
          leaf,
          "application",
          g.generation,
        );
        check.bytes(`${at}.application_key`, g.applicationKey, app.key);
        check.bytes(`${at}.application_nonce`, g.applicationNonce, app.nonce);
      }
    }
  },
});
