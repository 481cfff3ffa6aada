// Every Wycheproof file under ../shared/crypto-vectors/wycheproof through
// our provider: `valid` accepted with the vector's value, `invalid`
// rejected, `acceptable` as docs/crypto.md says we decide (pinned here per
// flag), and not one call handed to the library. Signatures, AEAD, HKDF and
// HMAC go through the provider's interface in the MLS suite of their
// algorithm; X25519/X448 and ECDH through the DH step of our HPKE (the
// provider has no raw DH), with DeserializePublicKey's checks.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CiphersuiteName } from "ts-mls";
import { ecSpki } from "./der.js";
import { concat, hpkeBase } from "./hpke-base.js";
import { hpkeAlgorithms } from "./suite-algorithms.js";
import {
  Tally,
  cryptoVectorsCandidates,
  cryptoVectorsDir,
  hex,
  type Outcome,
  type Result,
} from "../testing/crypto-vectors.js";
import { counters, pair } from "../testing/provider-pairs.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- Wycheproof's JSON, read field by field below */
type Group = any;
type Case = { tcId: number; result: Result; flags: string[]; comment: string } & Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

interface Runner {
  run(group: Group, testCase: Case): Promise<Outcome>;
  /** Whether a rejection goes through a provider function that counts it (verify, decrypt, expand). */
  countsRejections: boolean;
  /**
   * The `acceptable` flags we reject; every other acceptable case must be
   * accepted with the vector's value. docs/crypto.md gives the reasons.
   */
  rejectedFlags: readonly string[];
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const verdict = (ok: boolean, correct = true, reason = "rejected"): Outcome =>
  ok ? { accepted: true, correct } : { accepted: false, reason };

async function suiteFor(name: CiphersuiteName) {
  return (await pair(name)).ours;
}

const ecdsaSuites: Record<string, [CiphersuiteName, string]> = {
  secp256r1: ["MLS_128_DHKEMP256_AES128GCM_SHA256_P256", "SHA-256"],
  secp384r1: ["MLS_256_DHKEMP384_AES256GCM_SHA384_P384", "SHA-384"],
  secp521r1: ["MLS_256_DHKEMP521_AES256GCM_SHA512_P521", "SHA-512"],
};
const eddsaSuites: Record<string, CiphersuiteName> = {
  edwards25519: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
  edwards448: "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
};
const hashSuites: Record<string, CiphersuiteName> = {
  "SHA-256": "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
  "SHA-384": "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
  "SHA-512": "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
};
const ecdhCurves = {
  secp256r1: { kem: 0x10, name: "P-256", nsk: 32, point: 65 },
  secp384r1: { kem: 0x11, name: "P-384", nsk: 48, point: 97 },
  secp521r1: { kem: 0x12, name: "P-521", nsk: 66, point: 133 },
} as const;

async function signatureRunner(file: { testGroups: Group[] }, eddsa: boolean): Promise<Runner> {
  const group0 = file.testGroups[0];
  const curve = group0.publicKey.curve as string;
  let name: CiphersuiteName | undefined;
  if (eddsa) name = eddsaSuites[curve];
  else if (ecdsaSuites[curve]?.[1] === group0.sha) name = ecdsaSuites[curve][0];
  if (name === undefined) throw new Error(`no MLS suite signs with ${curve} ${group0.sha ?? ""}`);
  const ours = await suiteFor(name);
  return {
    countsRejections: true,
    rejectedFlags: [],
    async run(group, t) {
      // ECDSA keys as RFC 9420 sends them (the uncompressed point), EdDSA's raw.
      const publicKey = hex(eddsa ? group.publicKey.pk : group.publicKey.uncompressed);
      return verdict(await ours.signature.verify(publicKey, hex(t.msg), hex(t.sig)), true, "does not verify");
    },
  };
}

async function aeadRunner(algorithm: string): Promise<Runner> {
  const name =
    algorithm === "AES-GCM"
      ? "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" // AES-GCM by key length: 128, 192 and 256
      : algorithm === "CHACHA20-POLY1305"
        ? "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519"
        : undefined;
  if (name === undefined) throw new Error(`no MLS suite runs ${algorithm}`);
  const ours = await suiteFor(name);
  return {
    countsRejections: true,
    rejectedFlags: [],
    async run(group, t) {
      if (group.tagSize !== 128) throw new Error(`a ${group.tagSize}-bit tag: MLS's AEADs have 128-bit tags`);
      const [key, iv, aad, msg] = [hex(t.key), hex(t.iv), hex(t.aad), hex(t.msg)];
      const sealed = concat(hex(t.ct), hex(t.tag));
      let opened: Uint8Array;
      try {
        opened = await ours.hpke.decryptAead(key, iv, aad, sealed);
      } catch (error) {
        return verdict(false, false, reasonOf(error));
      }
      const encrypted = await ours.hpke.encryptAead(key, iv, aad, msg);
      return verdict(true, equal(opened, msg) && equal(encrypted, sealed));
    },
  };
}

async function hkdfRunner(algorithm: string): Promise<Runner> {
  const name = hashSuites[algorithm.replace(/^HKDF-/, "")];
  if (name === undefined) throw new Error(`no MLS suite uses ${algorithm}`);
  const ours = await suiteFor(name);
  return {
    countsRejections: true,
    rejectedFlags: [],
    async run(_group, t) {
      try {
        const okm = await ours.kdf.expand(await ours.kdf.extract(hex(t.salt), hex(t.ikm)), hex(t.info), t.size);
        return verdict(true, equal(okm, hex(t.okm)));
      } catch (error) {
        return verdict(false, false, reasonOf(error));
      }
    },
  };
}

async function hmacRunner(algorithm: string): Promise<Runner> {
  const name = hashSuites[algorithm.replace(/^HMACSHA/, "SHA-")];
  if (name === undefined) throw new Error(`no MLS suite uses ${algorithm}`);
  const ours = await suiteFor(name);
  return {
    // A MAC is computed, and compared by the caller (verifyMac for full tags): no rejection to count.
    countsRejections: false,
    rejectedFlags: [],
    async run(group, t) {
      const [key, msg, tag] = [hex(t.key), hex(t.msg), hex(t.tag)];
      const mac = await ours.hash.mac(key, msg);
      const matches = tag.length * 8 === group.tagSize && equal(mac.subarray(0, tag.length), tag);
      if (tag.length === mac.length)
        assert.equal(await ours.hash.verifyMac(key, tag, msg), matches, `tcId ${t.tcId}: verifyMac`);
      return verdict(matches, true, "another tag");
    },
  };
}

function xdhRunner(curve: string): Runner {
  const kem = curve === "curve25519" ? 0x20 : curve === "curve448" ? 0x21 : undefined;
  if (kem === undefined) throw new Error(`no MLS suite runs XDH over ${curve}`);
  const base = hpkeBase(hpkeAlgorithms(kem, 1, 1)!);
  return {
    countsRejections: false,
    // RFC 9180 §7.1.4: an all-zero DH output aborts (low-order points); RFC 7748's other edges are computed.
    rejectedFlags: ["ZeroSharedSecret"],
    async run(_group, t) {
      try {
        const shared = base.deserializeAndDh(base.group.privateKey(hex(t.private)), hex(t.public));
        return verdict(true, equal(shared, hex(t.shared)));
      } catch (error) {
        return verdict(false, false, reasonOf(error));
      }
    },
  };
}

function ecdhRunner(curve: keyof typeof ecdhCurves): Runner {
  const c = ecdhCurves[curve];
  const base = hpkeBase(hpkeAlgorithms(c.kem, 1, 1)!);
  return {
    countsRejections: false,
    // HPKE's public keys are raw uncompressed points (RFC 9180 §7.1.1): a compressed point, or any
    // ASN.1 form but the named-curve SubjectPublicKeyInfo of such a point, is nothing HPKE receives.
    rejectedFlags: ["CompressedPublic", "CompressedPoint", "UnnamedCurve", "UnusedParam", "InvalidAsn"],
    async run(_group, t) {
      const spki = hex(t.public);
      const point = spki.subarray(spki.length - c.point);
      // The private key is an integer, serialized as HPKE does: Nsk bytes, big-endian.
      const scalar = BigInt(`0x${t.private === "" ? "0" : t.private}`)
        .toString(16)
        .padStart(2 * c.nsk, "0");
      try {
        const shared = base.deserializeAndDh(base.group.privateKey(hex(scalar)), point);
        if (!equal(ecSpki(c.name, point), spki)) return verdict(false, false, "not a named-curve SPKI of a raw point");
        return verdict(true, equal(shared, hex(t.shared)));
      } catch (error) {
        return verdict(false, false, reasonOf(error));
      }
    },
  };
}

async function runnerFor(file: { schema: string; algorithm: string; testGroups: Group[] }): Promise<Runner> {
  const group0 = file.testGroups[0];
  switch (file.schema) {
    case "ecdsa_verify_schema_v1.json":
      return signatureRunner(file, false);
    case "eddsa_verify_schema_v1.json":
      return signatureRunner(file, true);
    case "aead_test_schema_v1.json":
      return aeadRunner(file.algorithm);
    case "hkdf_test_schema_v1.json":
      return hkdfRunner(file.algorithm);
    case "mac_test_schema_v1.json":
      return hmacRunner(file.algorithm);
    case "xdh_comp_schema_v1.json":
      return xdhRunner(group0.curve);
    case "ecdh_test_schema_v1.json":
      if (group0.encoding !== "asn" || !(group0.curve in ecdhCurves))
        throw new Error(`ECDH over ${group0.curve} in ${group0.encoding}: no runner`);
      return ecdhRunner(group0.curve);
    default:
      throw new Error(`no runner for the schema ${file.schema} (${file.algorithm})`);
  }
}

const dir = cryptoVectorsDir();

test("Wycheproof vectors under ../shared/crypto-vectors/wycheproof, through our provider", async (t) => {
  if (dir === undefined) {
    t.skip(`no crypto-vectors/ in ${cryptoVectorsCandidates().join(" or ")}`);
    return;
  }
  const files = readdirSync(join(dir, "wycheproof"))
    .filter((f) => f.endsWith(".json"))
    .sort();
  assert.ok(files.length > 0, `no Wycheproof files in ${dir}`);
  let cases = 0;
  for (const name of files)
    await t.test(name, async (t) => {
      const file = JSON.parse(readFileSync(join(dir, "wycheproof", name), "utf8"));
      const runner = await runnerFor(file);
      const tally = new Tally();
      const failures: string[] = [];
      const before = counters();
      let rejections = 0;
      for (const group of file.testGroups as Group[])
        for (const testCase of group.tests as Case[]) {
          const { result, flags, tcId } = testCase;
          const outcome = await runner.run(group, testCase);
          tally.add(result, outcome, flags);
          if (!outcome.accepted) rejections++;
          const expected =
            result === "valid" ||
            (result === "acceptable" && !flags.some((flag) => runner.rejectedFlags.includes(flag)));
          if (outcome.accepted !== expected)
            failures.push(
              `tcId ${tcId} (${result}; ${flags.join(", ")}): ${outcome.accepted ? "accepted" : `rejected: ${outcome.reason}`}`,
            );
          else if (outcome.accepted && outcome.correct !== true)
            failures.push(`tcId ${tcId} (${result}; ${flags.join(", ")}): accepted with another value`);
        }
      cases += (file.testGroups as Group[]).reduce((n, g) => n + g.tests.length, 0);
      t.diagnostic(`${name}: ${tally.summary()}`);
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} cases where ours differs`);
      const after = counters();
      assert.equal(after.handOvers, before.handOvers, "calls handed to the library");
      if (runner.countsRejections)
        assert.equal(after.rejections - before.rejections, rejections, "each rejection ours, counted once");
    });
  t.diagnostic(`${files.length} files, ${cases} cases`);
});
