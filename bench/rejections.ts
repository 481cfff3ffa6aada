// What garbage costs the server: a forged signature and an HPKE ciphertext
// that does not open, through our provider as it is (rejected once, by
// ours) and as it was before 9af30a5 (ours, then the library's provider
// asked again: its verify, or its importPrivateKey and open), with the
// library's provider alone for scale. The variants alternate call by call
// in one run, so load on a shared machine falls on all of them alike.
import { performance } from "node:perf_hooks";
import { getCiphersuiteImpl, type CiphersuiteImpl, type CiphersuiteName } from "ts-mls";
import { cachedCiphersuite } from "../src/crypto/provider.js";
import { median, round } from "./measure.js";

export interface RejectionRow {
  suite: number;
  name: CiphersuiteName;
  input: "forged signature" | "garbage HPKE ciphertext";
  /** Median milliseconds per rejection: ours then the library's retry (before), ours alone (after), the library's alone. */
  beforeMs: number;
  afterMs: number;
  libraryMs: number;
  /** beforeMs / afterMs. */
  ratio: number;
}

const suites: Array<[number, CiphersuiteName]> = [
  [1, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"],
  [2, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"],
  [3, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519"],
  [4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"],
  [5, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521"],
  [6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"],
  [7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"],
];

/** A call that must reject (false, or a throw); anything else means the bench measures the wrong thing. */
async function rejects(call: () => Promise<unknown>): Promise<void> {
  let value: unknown;
  try {
    value = await call();
  } catch {
    return;
  }
  if (value !== false) throw new Error("the garbage was accepted");
}

interface Variants {
  before: () => Promise<void>;
  after: () => Promise<void>;
  library: () => Promise<void>;
}

async function forgedSignature(library: CiphersuiteImpl, ours: CiphersuiteImpl): Promise<Variants> {
  const { signKey, publicKey } = await ours.signature.keygen();
  const message = new Uint8Array(200).fill(7);
  const forged = await ours.signature.sign(signKey, message);
  forged[forged.length >> 1]! ^= 0x10;
  return {
    // The old verify: a rejection of OpenSSL's was asked of the library again.
    before: () =>
      rejects(
        async () =>
          (await ours.signature.verify(publicKey, message, forged)) ||
          library.signature.verify(publicKey, message, forged),
      ),
    after: () => rejects(() => ours.signature.verify(publicKey, message, forged)),
    library: () => rejects(() => library.signature.verify(publicKey, message, forged)),
  };
}

async function garbageCiphertext(library: CiphersuiteImpl, ours: CiphersuiteImpl): Promise<Variants> {
  const { privateKey, publicKey } = await ours.hpke.generateKeyPair();
  const sk = await ours.hpke.exportPrivateKey(privateKey);
  const info = new Uint8Array(40).fill(1);
  const sealed = await ours.hpke.seal(publicKey, new Uint8Array(100).fill(2), info);
  const garbage = Uint8Array.from(sealed.ct);
  garbage[0]! ^= 1;
  const libraryOpen = async () => library.hpke.open(await library.hpke.importPrivateKey(sk), sealed.enc, garbage, info);
  return {
    // The old open: a failure of ours went to the library with the key imported again.
    before: () =>
      rejects(async () => {
        try {
          return await ours.hpke.open(privateKey, sealed.enc, garbage, info);
        } catch {
          return libraryOpen();
        }
      }),
    after: () => rejects(() => ours.hpke.open(privateKey, sealed.enc, garbage, info)),
    library: () => rejects(libraryOpen),
  };
}

/** Median ms per call of each variant, alternated call by call, the order rotating every round. */
async function alternated(variants: Variants, rounds: number, warmup: number): Promise<Record<keyof Variants, number>> {
  const names = Object.keys(variants) as Array<keyof Variants>;
  const samples: Record<keyof Variants, number[]> = { before: [], after: [], library: [] };
  for (let i = 0; i < warmup + rounds; i++)
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      const start = performance.now();
      await variants[name]();
      const ms = performance.now() - start;
      if (i >= warmup) samples[name].push(ms);
    }
  return { before: median(samples.before), after: median(samples.after), library: median(samples.library) };
}

export async function measureRejections(
  options: { rounds: number; warmup: number },
  log: (line: string) => void,
): Promise<RejectionRow[]> {
  const rows: RejectionRow[] = [];
  for (const [suite, name] of suites) {
    const library = await getCiphersuiteImpl(name);
    const ours = cachedCiphersuite(name, library);
    for (const [input, make] of [
      ["forged signature", forgedSignature],
      ["garbage HPKE ciphertext", garbageCiphertext],
    ] as const) {
      const ms = await alternated(await make(library, ours), options.rounds, options.warmup);
      const row = {
        suite,
        name,
        input,
        beforeMs: round(ms.before, 4),
        afterMs: round(ms.after, 4),
        libraryMs: round(ms.library, 4),
        ratio: round(ms.before / ms.after, 1),
      };
      rows.push(row);
      log(`  suite ${suite}, ${input}: ${row.beforeMs} ms before, ${row.afterMs} ms after (${row.ratio}×)`);
    }
  }
  return rows;
}
