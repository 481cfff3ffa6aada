// welcome.json: a Welcome for a KeyPackage whose init key we hold; the
// GroupSecrets and GroupInfo must decrypt and the GroupInfo's signature and
// confirmation tag must verify.
import { openWelcome } from "./adapters/welcome.js";
import { definePerSuite } from "./suites.js";

interface WelcomeCase {
  initPriv: Uint8Array;
  signerPub: Uint8Array;
  keyPackage: Uint8Array;
  welcome: Uint8Array;
}

export const welcome = definePerSuite<WelcomeCase>({
  name: "welcome",
  fields: ["init_priv", "signer_pub", "key_package", "welcome"],
  parse: (f) => ({
    initPriv: f.hex("init_priv"),
    signerPub: f.hex("signer_pub"),
    keyPackage: f.hex("key_package"),
    welcome: f.hex("welcome"),
  }),
  async verify(c, cs, check) {
    const opened = await openWelcome(cs, c.keyPackage, c.welcome, c.initPriv, c.signerPub);
    if (!check.holds("GroupSecrets for key_package decrypt with init_priv", opened.groupSecretsDecrypted)) return;
    check.value("PSKs named in GroupSecrets", 0, opened.pskCount);
    if (!check.holds("GroupInfo decrypts with the joiner secret", opened.groupInfo !== undefined)) return;
    check.holds("GroupInfo signature verifies with signer_pub", opened.signatureValid);
    check.holds("GroupInfo confirmation_tag verifies", opened.confirmationTagValid);
  },
});
