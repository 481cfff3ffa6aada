// The DH groups under our HPKE: public keys are checked as the library
// checks them, and key generation survives node 20's JWK export deadlock.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { pair, sameOutcome } from "../testing/provider-pairs.js";
import { dhGroup, forgetPrivateHpkeKeys } from "./dh-groups.js";
import { suiteAlgorithms } from "./suite-algorithms.js";

test("P-256: a point off the curve is rejected on both sides, the uncompressed point on it taken", async () => {
  const { library, ours } = await pair("MLS_128_DHKEMP256_AES128GCM_SHA256_P256");
  const { publicKey } = await library.hpke.generateKeyPair();
  const pk = await library.hpke.exportPublicKey(publicKey);
  assert.equal(pk.length, 65);
  const off = Uint8Array.from(pk);
  off[64]! ^= 1;
  await sameOutcome(
    () => ours.hpke.importPublicKey(off).then((k) => ours.hpke.exportPublicKey(k)),
    () => library.hpke.importPublicKey(off).then((k) => library.hpke.exportPublicKey(k)),
    "a point off the curve",
  );
  assert.deepEqual(await ours.hpke.exportPublicKey(await ours.hpke.importPublicKey(pk)), pk);
});

test("X25519 and X448 key pairs are generated under constant GC without deadlocking node", () => {
  // Node 20 deadlocks when a KeyObject from generateKeyPairSync is exported
  // as JWK while the GC finalizes the generation job; with a 1 MiB young
  // generation the old way hung within the first few hundred keys.
  const provider = fileURLToPath(new URL("./provider.js", import.meta.url));
  const script = `
    const { getCiphersuiteImpl } = await import("ts-mls");
    const { cachedCiphersuite } = await import(${JSON.stringify(provider)});
    for (const name of ["MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"]) {
      const hpke = cachedCiphersuite(name, await getCiphersuiteImpl(name)).hpke;
      let junk = [];
      for (let i = 0; i < 3000; i++) {
        await hpke.generateKeyPair();
        junk.push(new Array(50).fill(i));
        if (junk.length > 500) junk = [];
      }
    }
    process.stdout.write("done");
  `;
  const child = spawnSync(
    process.execPath,
    ["--max-semi-space-size=1", "--input-type=module", "--eval", script],
    // Generous: this catches a hang, it does not time anything.
    { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8", timeout: 120_000 },
  );
  assert.equal(child.signal, null, `the key generation loop hung (killed by ${child.signal})`);
  assert.equal(child.stdout, "done", child.stderr);
});

test("a generated private key is remembered, so importing its bytes again makes no key; an ephemeral one is not", () => {
  for (const suite of [
    "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
    "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
  ] as const) {
    const kem = suiteAlgorithms[suite]!.kem;
    const name = kem.name;
    const group = dhGroup(kem);
    forgetPrivateHpkeKeys();
    const generated = group.generate();
    assert.equal(group.privateKey(Uint8Array.from(generated.bytes)), generated, name);
    const ephemeral = group.ephemeral();
    const imported = group.privateKey(Uint8Array.from(ephemeral.bytes));
    assert.notEqual(imported, ephemeral, name);
    assert.deepEqual(imported.publicBytes, ephemeral.publicBytes, name);
    forgetPrivateHpkeKeys();
    assert.notEqual(group.privateKey(Uint8Array.from(generated.bytes)), generated, name);
  }
});
