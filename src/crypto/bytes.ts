// Byte helpers every part of the provider shares: the library hands out
// plain Uint8Arrays its callers own, and node:crypto speaks Buffers and
// base64url (JWK), so each part converts at the same few points.

/** A copy in a Uint8Array of its own, as the library returns: callers may zero what they get. */
export const own = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

export const base64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");
export const fromBase64url = (text: string): Uint8Array => own(Buffer.from(text, "base64url"));
