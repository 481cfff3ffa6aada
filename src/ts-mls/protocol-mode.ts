// Here, in the binding, because the codec this process loaded decides which
// mode it can run (rfc-codecs/active.ts); the server's options choose one.

/**
 * "rfc": the protocol constructions we own over ts-mls (src/protocol/) and
 * RFC 9420's external_senders codec, so the server is RFC 9420-correct where
 * the pinned library is not. "as-released": ts-mls's own constructions and
 * codecs, with today's refusals (UNIMPLEMENTED citing KNOWN-ISSUES.md) where
 * they would send what no RFC member accepts; for ts-mls maintainers who
 * want to see what the release itself does.
 */
export type ProtocolMode = "rfc" | "as-released";
