// crypto-basics.json: the labeled functions of RFC 9420 §5 for each ciphersuite.
import {
  decryptWithLabel,
  deriveSecret,
  deriveTreeSecret,
  encryptWithLabel,
  expandWithLabel,
  refHash,
  signWithLabel,
  verifyWithLabel,
} from "./adapters/labeled-crypto.js";
import type { Fields } from "./fields.js";
import { definePerSuite } from "./suites.js";

interface CryptoBasicsCase {
  refHash: { label: string; value: Uint8Array; out: Uint8Array };
  expandWithLabel: { secret: Uint8Array; label: string; context: Uint8Array; length: number; out: Uint8Array };
  deriveSecret: { secret: Uint8Array; label: string; out: Uint8Array };
  deriveTreeSecret: { secret: Uint8Array; label: string; generation: number; length: number; out: Uint8Array };
  signWithLabel: { priv: Uint8Array; pub: Uint8Array; content: Uint8Array; label: string; signature: Uint8Array };
  encryptWithLabel: {
    priv: Uint8Array;
    pub: Uint8Array;
    label: string;
    context: Uint8Array;
    plaintext: Uint8Array;
    kemOutput: Uint8Array;
    ciphertext: Uint8Array;
  };
}

function parse(f: Fields): CryptoBasicsCase {
  const rh = f.object("ref_hash");
  const ewl = f.object("expand_with_label");
  const ds = f.object("derive_secret");
  const dts = f.object("derive_tree_secret");
  const swl = f.object("sign_with_label");
  const enc = f.object("encrypt_with_label");
  return {
    refHash: { label: rh.string("label"), value: rh.hex("value"), out: rh.hex("out") },
    expandWithLabel: {
      secret: ewl.hex("secret"),
      label: ewl.string("label"),
      context: ewl.hex("context"),
      length: ewl.uint("length", 0xffff),
      out: ewl.hex("out"),
    },
    deriveSecret: { secret: ds.hex("secret"), label: ds.string("label"), out: ds.hex("out") },
    deriveTreeSecret: {
      secret: dts.hex("secret"),
      label: dts.string("label"),
      generation: dts.uint("generation", 0xffff_ffff),
      length: dts.uint("length", 0xffff),
      out: dts.hex("out"),
    },
    signWithLabel: {
      priv: swl.hex("priv"),
      pub: swl.hex("pub"),
      content: swl.hex("content"),
      label: swl.string("label"),
      signature: swl.hex("signature"),
    },
    encryptWithLabel: {
      priv: enc.hex("priv"),
      pub: enc.hex("pub"),
      label: enc.string("label"),
      context: enc.hex("context"),
      plaintext: enc.hex("plaintext"),
      kemOutput: enc.hex("kem_output"),
      ciphertext: enc.hex("ciphertext"),
    },
  };
}

export const cryptoBasics = definePerSuite<CryptoBasicsCase>({
  name: "crypto-basics",
  fields: [
    "ref_hash",
    "expand_with_label",
    "derive_secret",
    "derive_tree_secret",
    "sign_with_label",
    "encrypt_with_label",
  ],
  parse,
  async verify(c, cs, check) {
    const { refHash: rh, expandWithLabel: ewl, deriveSecret: ds, deriveTreeSecret: dts } = c;
    check.bytes("ref_hash.out", rh.out, await refHash(cs, rh.label, rh.value));
    check.bytes(
      "expand_with_label.out",
      ewl.out,
      await expandWithLabel(cs, ewl.secret, ewl.label, ewl.context, ewl.length),
    );
    check.bytes("derive_secret.out", ds.out, await deriveSecret(cs, ds.secret, ds.label));
    check.bytes(
      "derive_tree_secret.out",
      dts.out,
      await deriveTreeSecret(cs, dts.secret, dts.label, dts.generation, dts.length),
    );

    const s = c.signWithLabel;
    check.holds(
      "sign_with_label: VerifyWithLabel(pub, label, content, signature)",
      await verifyWithLabel(cs, s.pub, s.label, s.content, s.signature),
    );
    const ours = await signWithLabel(cs, s.priv, s.label, s.content);
    check.holds(
      "sign_with_label: VerifyWithLabel(pub, label, content, SignWithLabel(priv, label, content))",
      await verifyWithLabel(cs, s.pub, s.label, s.content, ours),
    );

    const e = c.encryptWithLabel;
    check.bytes(
      "encrypt_with_label: DecryptWithLabel(priv, label, context, kem_output, ciphertext)",
      e.plaintext,
      await decryptWithLabel(cs, e.priv, e.label, e.context, e.kemOutput, e.ciphertext),
    );
    const sealed = await encryptWithLabel(cs, e.pub, e.label, e.context, e.plaintext);
    check.bytes(
      "encrypt_with_label: DecryptWithLabel of our EncryptWithLabel",
      e.plaintext,
      await decryptWithLabel(cs, e.priv, e.label, e.context, sealed.kemOutput, sealed.ciphertext),
    );
  },
});
