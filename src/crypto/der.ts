// The DER structure the provider hands to node:crypto for EC public keys
// (SPKI around a raw point, RFC 5480): ts-mls keeps keys raw, and
// node:crypto imports EC points, compressed ones too, only in this wrapper.

/** A minimal DER TLV: ASN.1 lengths in short or long form. */
function der(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const oid = (hex: string): Buffer => Buffer.from(hex, "hex");
const oids = {
  ecPublicKey: oid("06072a8648ce3d0201"),
  "P-256": oid("06082a8648ce3d030107"),
  "P-384": oid("06052b81040022"),
  "P-521": oid("06052b81040023"),
};

/** SubjectPublicKeyInfo (RFC 5480) around a SEC1 point, compressed or not. */
export function ecSpki(curve: "P-256" | "P-384" | "P-521", point: Uint8Array): Buffer {
  return der(0x30, der(0x30, oids.ecPublicKey, oids[curve]), der(0x03, Buffer.from([0]), point));
}
