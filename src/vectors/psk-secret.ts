// psk_secret.json: the PSK secret of a list of external PSKs (RFC 9420 §8.4).
import { externalPskSecret } from "../mls/vector-key-schedule.js";
import { suiteOrSkip } from "./suites.js";
import { defineSuite } from "./vector-suite.js";

interface PskSecretCase {
  cipherSuite: number;
  psks: Array<{ pskId: Uint8Array; psk: Uint8Array; pskNonce: Uint8Array }>;
  pskSecret: Uint8Array;
}

export const pskSecret = defineSuite<PskSecretCase>({
  name: "psk-secret",
  parse: (f) => ({
    cipherSuite: f.uint("cipher_suite", 0xffff),
    psks: f.objects("psks").map((p) => ({ pskId: p.hex("psk_id"), psk: p.hex("psk"), pskNonce: p.hex("psk_nonce") })),
    pskSecret: f.hex("psk_secret"),
  }),
  async verify(c, check) {
    const cs = await suiteOrSkip(c.cipherSuite);
    if ("skip" in cs) return cs;
    check.bytes("psk_secret", c.pskSecret, await externalPskSecret(cs, c.psks));
  },
});
