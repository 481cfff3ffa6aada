// X448 and P-384 HPKE (suites 4, 6, 7), which RFC 9180's appendix has no
// vectors for: the working group's crypto-basics.json (EncryptWithLabel)
// and welcome.json (the joiner's HPKE open) through the server's suites,
// which run our provider, with no hand-over and no rejection; and a
// cross-check against the library's HPKE on random inputs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CiphersuiteName } from "ts-mls";
import { HpkeKey } from "../crypto/dh-groups.js";
import { suite } from "../ts-mls/ciphersuites.js";
import { cryptoBasics } from "./crypto-basics.js";
import { runCase } from "./case-runner.js";
import { defaultSharedCandidates, findSharedDir } from "./shared-dir.js";
import { welcome } from "./welcome.js";
import { bothReject, counters, pair, randomBytes } from "../testing/provider-pairs.js";

const suites: Array<[number, CiphersuiteName]> = [
  [4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"],
  [6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"],
  [7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"],
];

const dir = findSharedDir();

test("crypto-basics.json and welcome.json of suites 4, 6 and 7 pass through our provider alone", async (t) => {
  if (dir === undefined) {
    t.skip(`../shared not found: no test-vectors/ in ${defaultSharedCandidates().join(" or ")}`);
    return;
  }
  for (const [id] of suites)
    assert.ok(
      (await (await suite(id)).impl.hpke.generateKeyPair()).privateKey instanceof HpkeKey,
      `suite ${id} of the server runs our provider`,
    );
  const before = counters();
  const ran: string[] = [];
  for (const [file, verifier] of [
    ["crypto-basics.json", cryptoBasics],
    ["welcome.json", welcome],
  ] as const) {
    const cases = JSON.parse(readFileSync(join(dir, "test-vectors", file), "utf8")) as Array<{ cipher_suite: number }>;
    for (const [id] of suites) {
      const index = cases.findIndex((c) => c.cipher_suite === id);
      assert.ok(index >= 0, `${file}: no case of suite ${id}`);
      const outcome = await runCase(verifier, cases[index], file, index);
      assert.deepEqual(outcome, { status: "passed" }, `${file}, suite ${id}`);
      ran.push(`${file} suite ${id}`);
    }
  }
  assert.deepEqual(counters(), before, "no hand-over and no rejection");
  t.diagnostic(`passed: ${ran.join(", ")}`);
});

const rounds = 30;

for (const [id, name] of suites)
  test(`suite ${id}: our HPKE and the library's agree on ${rounds} random inputs`, async () => {
    const { library, ours } = await pair(name);
    for (let round = 0; round < rounds; round++) {
      const ikm = randomBytes(1 + ((round * 7) % 80));
      const mine = await ours.hpke.deriveKeyPair(ikm);
      const theirs = await library.hpke.deriveKeyPair(ikm);
      const sk = await ours.hpke.exportPrivateKey(mine.privateKey);
      const pk = await ours.hpke.exportPublicKey(mine.publicKey);
      assert.deepEqual(sk, await library.hpke.exportPrivateKey(theirs.privateKey), "DeriveKeyPair: sk");
      assert.deepEqual(pk, await library.hpke.exportPublicKey(theirs.publicKey), "DeriveKeyPair: pk");
      const [info, aad, plaintext] = [randomBytes(round), randomBytes((round * 3) % 50), randomBytes(round * 11)];
      const toLibrary = await ours.hpke.seal(mine.publicKey, plaintext, info, aad);
      assert.deepEqual(await library.hpke.open(theirs.privateKey, toLibrary.enc, toLibrary.ct, info, aad), plaintext);
      const toUs = await library.hpke.seal(theirs.publicKey, plaintext, info, aad);
      assert.deepEqual(await ours.hpke.open(mine.privateKey, toUs.enc, toUs.ct, info, aad), plaintext);
      const length = 1 + round * 5;
      const exported = await library.hpke.exportSecret(theirs.publicKey, aad, length, info);
      assert.deepEqual(
        await ours.hpke.importSecret(mine.privateKey, aad, exported.enc, length, info),
        exported.secret,
        "exporter",
      );
      // Random bytes as a kem output: no key, or a key the ciphertext was not made for; both reject.
      await bothReject(
        () => ours.hpke.open(mine.privateKey, randomBytes(toUs.enc.length), toUs.ct, info, aad),
        () => library.hpke.open(theirs.privateKey, randomBytes(toUs.enc.length), toUs.ct, info, aad),
        "a random kem output",
      );
    }
  });
