// The Diffie-Hellman half of HPKE's DHKEMs (X25519, X448, P-256, P-384,
// P-521) through node:crypto, and the key type it makes: the library runs
// X448 in JavaScript and imports a WebCrypto key for every use.
import {
  ECDH,
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { base64url, fromBase64url, own } from "./bytes.js";
import { Recent } from "./recent.js";
import type { Kem } from "./suite-algorithms.js";

const ecCurves = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" } as const;
const ecPublicLengths = { "P-256": 65, "P-384": 97, "P-521": 133 } as const;

/**
 * An HPKE key of this provider. ts-mls treats HPKE keys as opaque (it gets
 * them from the provider and hands them back to it), so ours need not be
 * WebCrypto keys; a key the library made is recognised by not being one of
 * these and goes to the library's functions, so the two never mix.
 */
export class HpkeKey {
  constructor(
    readonly type: "public" | "private",
    /** SerializePublicKey(pk), or SerializePrivateKey(sk). */
    readonly bytes: Uint8Array,
    /** SerializePublicKey of the key or of its private key's public key. */
    readonly publicBytes: Uint8Array,
    /** Private keys: DH(sk, pk) with a serialized public key. */
    readonly dh?: (publicKey: Uint8Array) => Uint8Array,
  ) {}
}

/**
 * Private keys made lately, by a hash of the KEM and their bytes. One key
 * comes back again and again: a KeyPackage's init and encryption keys are
 * generated with it and imported from their bytes when its Welcome and the
 * path secrets for its leaf arrive; a committer derives its path keys when
 * it makes the path and again when it stores its private path, a member
 * imports its stored key again to decrypt, and every member hosted here
 * that handles the same commit derives the same keys above their common
 * ancestor. Under the Go runner over suite 1's commit.json a third of the
 * keys derived were derived before, each a scalar multiplication (0.1 ms
 * for X25519, 1.3 ms for P-521). Bounded, the least recently used going
 * first, and emptied with the imported signature keys when the server's
 * last handle goes. Ephemeral keys (HPKE's Encap) are used once and never
 * kept.
 */
const recentPrivateKeys = new Recent<HpkeKey>(512);

export function forgetPrivateHpkeKeys(): void {
  recentPrivateKeys.clear();
}

const recentId = (kemName: string, sk: Uint8Array): string =>
  createHash("sha256").update(kemName).update(sk).digest("base64");

function remembered(kemName: string, make: (sk: Uint8Array) => HpkeKey): (sk: Uint8Array) => HpkeKey {
  return (sk) => {
    const id = recentId(kemName, sk);
    return recentPrivateKeys.get(id) ?? recentPrivateKeys.set(id, make(sk));
  };
}

/**
 * The DH half of a DHKEM through node:crypto: key pairs from bytes or at
 * random (`generate` remembers them, `ephemeral` does not), and DH itself.
 */
export function dhGroup(kem: Kem) {
  const group = dhGroupOf(kem);
  return {
    ...group,
    privateKey: remembered(kem.name, group.privateKey),
    generate: (): HpkeKey => {
      const key = group.generate();
      return recentPrivateKeys.set(recentId(kem.name, key.bytes), key);
    },
    ephemeral: group.generate,
  };
}

function dhGroupOf(kem: Kem) {
  if (kem.name === "X25519" || kem.name === "X448") {
    const crv = kem.name;
    const publicObject = (pk: Uint8Array): KeyObject =>
      createPublicKey({ key: { kty: "OKP", crv, x: base64url(pk) }, format: "jwk" });
    const withPublic = (sk: Uint8Array, publicBytes: Uint8Array, privateKey: KeyObject): HpkeKey =>
      new HpkeKey("private", sk, publicBytes, (pk) => own(diffieHellman({ privateKey, publicKey: publicObject(pk) })));
    const privateKey = (sk: Uint8Array): HpkeKey => {
      if (sk.length !== kem.nsk) throw new Error(`an ${crv} private key is ${kem.nsk} bytes`);
      // JWK, not PKCS#8: OpenSSL 3 decodes DER through its generic decoder
      // chain (~1.4 ms an X25519 key), the JWK path builds the key from its
      // raw bytes (~0.1 ms). Node reads only `d` of a private OKP JWK; the
      // public half is then read off the key, cheaper than DH with the base point.
      const key = createPrivateKey({ key: { kty: "OKP", crv, d: base64url(sk), x: "" }, format: "jwk" });
      const x = createPublicKey(key).export({ format: "jwk" }).x as string;
      return withPublic(Uint8Array.from(sk), fromBase64url(x), key);
    };
    return {
      privateKey,
      publicKey: (pk: Uint8Array): HpkeKey => {
        if (pk.length !== kem.nsk) throw new Error(`an ${crv} public key is ${kem.nsk} bytes`);
        return new HpkeKey("public", Uint8Array.from(pk), Uint8Array.from(pk));
      },
      // RFC 7748 §5: any Nsk bytes are a private key (the function clamps
      // them), so a random one is a generated one. Never a KeyObject from
      // generateKeyPairSync: node 20 deadlocks when one is exported as JWK
      // while the GC finalizes its generation job.
      generate: (): HpkeKey => privateKey(randomBytes(kem.nsk)),
    };
  }
  const name = kem.name;
  const curve = ecCurves[name];
  const fromEcdh = (ecdh: ECDH): HpkeKey => {
    const sk = new Uint8Array(kem.nsk);
    const scalar = ecdh.getPrivateKey();
    sk.set(scalar, kem.nsk - scalar.length);
    return new HpkeKey("private", sk, own(ecdh.getPublicKey()), (pk) => own(ecdh.computeSecret(pk)));
  };
  return {
    privateKey: (sk: Uint8Array): HpkeKey => {
      if (sk.length !== kem.nsk) throw new Error(`a ${kem.name} private key is ${kem.nsk} bytes`);
      const ecdh = createECDH(curve);
      // Throws for 0 and for scalars not below the order, as DeriveKeyPair needs.
      ecdh.setPrivateKey(sk);
      return fromEcdh(ecdh);
    },
    publicKey: (pk: Uint8Array): HpkeKey => {
      // SerializePublicKey is the uncompressed point; convertKey throws for a point not on the curve.
      if (pk.length !== ecPublicLengths[name] || pk[0] !== 0x04) throw new Error("not an uncompressed point");
      ECDH.convertKey(pk, curve);
      return new HpkeKey("public", Uint8Array.from(pk), Uint8Array.from(pk));
    },
    generate: (): HpkeKey => {
      const ecdh = createECDH(curve);
      ecdh.generateKeys();
      return fromEcdh(ecdh);
    },
  };
}
