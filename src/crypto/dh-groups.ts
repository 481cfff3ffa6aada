// The Diffie-Hellman half of HPKE's DHKEMs (X25519, X448, P-256, P-384,
// P-521) through node:crypto, and the key type it makes: the library runs
// X448 in JavaScript and imports a WebCrypto key for every use.
import {
  ECDH,
  createECDH,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { base64url, fromBase64url, own } from "./bytes.js";
import type { Kem } from "./suite-algorithms.js";

const okpPkcs8Prefixes = {
  X25519: Buffer.from("302e020100300506032b656e04220420", "hex"),
  X448: Buffer.from("3046020100300506032b656f043a0438", "hex"),
};
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

/** The DH half of a DHKEM through node:crypto: key pairs from bytes or at random, and DH itself. */
export function dhGroup(kem: Kem) {
  if (kem.name === "X25519" || kem.name === "X448") {
    const crv = kem.name;
    const publicObject = (pk: Uint8Array): KeyObject =>
      createPublicKey({ key: { kty: "OKP", crv, x: base64url(pk) }, format: "jwk" });
    // RFC 7748 §6: the public key is DH with the base point (u = 9, or 5 for X448).
    const basePoint = publicObject(
      Uint8Array.from({ length: kem.nsk }, (_, i) => (i > 0 ? 0 : crv === "X25519" ? 9 : 5)),
    );
    const withPublic = (sk: Uint8Array, publicBytes: Uint8Array, privateKey: KeyObject): HpkeKey =>
      new HpkeKey("private", sk, publicBytes, (pk) => own(diffieHellman({ privateKey, publicKey: publicObject(pk) })));
    return {
      privateKey: (sk: Uint8Array): HpkeKey => {
        if (sk.length !== kem.nsk) throw new Error(`an ${crv} private key is ${kem.nsk} bytes`);
        const der = Buffer.concat([okpPkcs8Prefixes[crv], sk]);
        const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
        return withPublic(Uint8Array.from(sk), own(diffieHellman({ privateKey, publicKey: basePoint })), privateKey);
      },
      publicKey: (pk: Uint8Array): HpkeKey => {
        if (pk.length !== kem.nsk) throw new Error(`an ${crv} public key is ${kem.nsk} bytes`);
        return new HpkeKey("public", Uint8Array.from(pk), Uint8Array.from(pk));
      },
      generate: (): HpkeKey => {
        // Both halves come out JWK-encoded by the generation itself: node 20
        // deadlocks when a KeyObject from generateKeyPairSync is exported as
        // JWK and the GC finalizes the generation job meanwhile (the job's
        // destructor takes the key's mutex, which the export holds).
        const encoding = { publicKeyEncoding: { format: "jwk" }, privateKeyEncoding: { format: "jwk" } } as const;
        // (node's typings know only PEM and DER here; JWK is documented since node 15.9.)
        const { privateKey: generated } =
          crv === "X25519" ? generateKeyPairSync("x25519", encoding) : generateKeyPairSync("x448", encoding);
        const jwk = generated as unknown as JsonWebKey;
        const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
        return withPublic(fromBase64url(jwk.d as string), fromBase64url(jwk.x as string), privateKey);
      },
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
