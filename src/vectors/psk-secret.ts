// psk_secret.json: the PSK secret of a list of external PSKs (RFC 9420 §8.4).
import { externalPskSecret } from "./adapters/key-schedule.js";
import { definePerSuite } from "./suites.js";

interface PskSecretCase {
  psks: Array<{ pskId: Uint8Array; psk: Uint8Array; pskNonce: Uint8Array }>;
  pskSecret: Uint8Array;
}

export const pskSecret = definePerSuite<PskSecretCase>({
  name: "psk-secret",
  fields: ["psks", "psk_secret"],
  parse: (f) => ({
    psks: f.objects("psks").map((p) => ({ pskId: p.hex("psk_id"), psk: p.hex("psk"), pskNonce: p.hex("psk_nonce") })),
    pskSecret: f.hex("psk_secret"),
  }),
  async verify(c, cs, check) {
    check.bytes("psk_secret", c.pskSecret, await externalPskSecret(cs, c.psks));
  },
});
