// RFC 9180 Appendix A (../shared/crypto-vectors/hpke) against our HPKE:
// every base-mode setup (each KEM, KDF and AEAD in it is one an MLS suite
// uses), step by step with the fixed ephemeral key, sealing and opening at
// every listed sequence number and every export; where the setup is an MLS
// suite's, the provider's own functions too, with no hand-over and no
// rejection. MLS uses base mode only (RFC 9420 §5.1.3, §7.6, §12.4.3.1), so the
// psk, auth and auth_psk setups are skipped, and counted.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CiphersuiteName } from "ts-mls";
import { hpkeBase } from "./hpke-base.js";
import { hpkeAlgorithms, suiteAlgorithms } from "./suite-algorithms.js";
import { cryptoVectorsCandidates, cryptoVectorsDir, hex } from "../testing/crypto-vectors.js";
import { counters, pair } from "../testing/provider-pairs.js";

interface Setup {
  mode: number;
  kem_id: number;
  kdf_id: number;
  aead_id: number;
  info: string;
  ikmE: string;
  pkEm: string;
  skEm: string;
  ikmR: string;
  pkRm: string;
  skRm: string;
  enc: string;
  shared_secret: string;
  key: string;
  base_nonce: string;
  exporter_secret: string;
  encryptions: Array<{ sequence_number: number; pt: string; aad: string; nonce: string; ct: string }>;
  exports: Array<{ exporter_context: string; L: number; exported_value: string }>;
}

const modes = ["base", "psk", "auth", "auth_psk"];
const ids = (s: Setup): string => `KEM 0x${s.kem_id.toString(16)}, KDF ${s.kdf_id}, AEAD ${s.aead_id}`;

/** The MLS suite whose HPKE is this setup's, if one is. */
function mlsSuite(s: Setup): CiphersuiteName | undefined {
  return (Object.keys(suiteAlgorithms) as CiphersuiteName[]).find((name) => {
    const a = suiteAlgorithms[name]!;
    return a.kem.id === s.kem_id && a.kdfId === s.kdf_id && a.aeadId === s.aead_id;
  });
}

/** Every step of the setup through hpke-base.ts; returns how many values were compared. */
function checkSteps(s: Setup): number {
  const h = hpkeAlgorithms(s.kem_id, s.kdf_id, s.aead_id);
  assert.ok(h !== undefined, `${ids(s)}: not a combination of MLS's algorithms`);
  const base = hpkeBase(h);
  let checked = 0;
  const same = (actual: Uint8Array, expected: string, what: string): void => {
    assert.equal(Buffer.from(actual).toString("hex"), expected, `${ids(s)}: ${what}`);
    checked++;
  };
  const recipient = base.deriveKeyPair(hex(s.ikmR))!;
  same(recipient.bytes, s.skRm, "DeriveKeyPair(ikmR): skRm");
  same(recipient.publicBytes, s.pkRm, "DeriveKeyPair(ikmR): pkRm");
  const ephemeral = base.deriveKeyPair(hex(s.ikmE))!;
  same(ephemeral.bytes, s.skEm, "DeriveKeyPair(ikmE): skEm");
  same(ephemeral.publicBytes, s.pkEm, "DeriveKeyPair(ikmE): pkEm");
  const pkR = base.group.publicKey(hex(s.pkRm));
  const { sharedSecret, enc } = base.encap(pkR, base.group.privateKey(hex(s.skEm)));
  same(enc, s.enc, "Encap: enc");
  same(sharedSecret, s.shared_secret, "Encap: shared_secret");
  same(base.decap(hex(s.enc), base.group.privateKey(hex(s.skRm))), s.shared_secret, "Decap: shared_secret");
  const context = base.keySchedule(sharedSecret, hex(s.info));
  if (s.aead_id !== 0xffff) {
    same(context.key, s.key, "key");
    same(context.baseNonce, s.base_nonce, "base_nonce");
  }
  same(context.exporterSecret, s.exporter_secret, "exporter_secret");
  for (const e of s.encryptions) {
    same(base.seal(context, e.sequence_number, hex(e.aad), hex(e.pt)), e.ct, `Seal at ${e.sequence_number}`);
    same(base.open(context, e.sequence_number, hex(e.aad), hex(e.ct)), e.pt, `Open at ${e.sequence_number}`);
    const forged = hex(e.ct);
    forged[0]! ^= 1;
    assert.throws(() => base.open(context, e.sequence_number, hex(e.aad), forged), `${ids(s)}: a forged ct opens`);
  }
  for (const x of s.exports)
    same(base.exportSecret(context, hex(x.exporter_context), x.L), x.exported_value, `Export(${x.exporter_context})`);
  return checked;
}

/** The provider's functions on the setup's values (single-shot: sequence number 0). */
async function checkProvider(s: Setup, name: CiphersuiteName): Promise<number> {
  const { ours } = await pair(name);
  let checked = 0;
  const same = (actual: Uint8Array, expected: string, what: string): void => {
    assert.equal(Buffer.from(actual).toString("hex"), expected, `${name}: ${what}`);
    checked++;
  };
  const derived = await ours.hpke.deriveKeyPair(hex(s.ikmR));
  same(await ours.hpke.exportPrivateKey(derived.privateKey), s.skRm, "deriveKeyPair: skRm");
  same(await ours.hpke.exportPublicKey(derived.publicKey), s.pkRm, "deriveKeyPair: pkRm");
  const skR = await ours.hpke.importPrivateKey(hex(s.skRm));
  const first = s.encryptions.find((e) => e.sequence_number === 0);
  if (first !== undefined)
    same(await ours.hpke.open(skR, hex(s.enc), hex(first.ct), hex(s.info), hex(first.aad)), first.pt, "open");
  for (const x of s.exports)
    same(
      await ours.hpke.importSecret(skR, hex(x.exporter_context), hex(s.enc), x.L, hex(s.info)),
      x.exported_value,
      `importSecret(${x.exporter_context})`,
    );
  const pkR = await ours.hpke.importPublicKey(hex(s.pkRm));
  const sealed = await ours.hpke.seal(pkR, hex(s.info), hex(s.info));
  same(await ours.hpke.open(skR, sealed.enc, sealed.ct, hex(s.info)), s.info, "seal then open");
  return checked;
}

const dir = cryptoVectorsDir();

test("RFC 9180 Appendix A: every base-mode setup, step by step and through the provider", async (t) => {
  if (dir === undefined) {
    t.skip(`no crypto-vectors/ in ${cryptoVectorsCandidates().join(" or ")}`);
    return;
  }
  const setups = JSON.parse(readFileSync(join(dir, "hpke", "rfc9180-appendix-a.json"), "utf8")) as Setup[];
  const before = counters();
  let steps = 0;
  let providerChecks = 0;
  const ran: string[] = [];
  const skipped = new Map<string, number>();
  for (const s of setups) {
    if (s.mode !== 0) {
      skipped.set(modes[s.mode] ?? `mode ${s.mode}`, (skipped.get(modes[s.mode] ?? `mode ${s.mode}`) ?? 0) + 1);
      continue;
    }
    steps += checkSteps(s);
    const name = mlsSuite(s);
    if (name !== undefined) providerChecks += await checkProvider(s, name);
    ran.push(`${ids(s)}${name === undefined ? "" : ` (suite ${name})`}`);
  }
  assert.ok(ran.length > 0, "no base-mode setup");
  assert.deepEqual(counters(), before, "valid vectors: no hand-over and no rejection in the provider");
  t.diagnostic(
    `rfc9180-appendix-a.json: ${ran.length} base-mode setups, ${steps} values equal, ${providerChecks} through the provider`,
  );
  t.diagnostic(`setups: ${ran.join("; ")}`);
  t.diagnostic(`skipped (MLS uses base mode only): ${[...skipped].map(([mode, n]) => `${n} ${mode}`).join(", ")}`);
});
