// A minimal RFC 9420 TLS-presentation reader, independent of ts-mls, so wire
// tests check our bytes against the RFC rather than against the library
// that produced them.
export class TlsReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }

  u32(): number {
    const b = this.take(4);
    return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) + BigInt(this.u32());
  }

  /** A `<V>` vector: QUIC-style variable-length length prefix (RFC 9420 §2.1.2). */
  vector(): Uint8Array {
    const first = this.u8();
    const size = 1 << (first >> 6);
    let length = first & 0x3f;
    for (let i = 1; i < size; i++) length = length * 256 + this.u8();
    return this.take(length);
  }

  take(n: number): Uint8Array {
    if (this.offset + n > this.bytes.length) throw new Error(`read past the end (${n} bytes at ${this.offset})`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

export interface WireExtension {
  type: number;
  data: Uint8Array;
}

export function extensions(vector: Uint8Array): WireExtension[] {
  const reader = new TlsReader(vector);
  const out: WireExtension[] = [];
  while (reader.remaining > 0) out.push({ type: reader.u16(), data: reader.vector() });
  return out;
}

/** The MLSMessage header: version and wire format. */
export function wireFormat(message: Uint8Array): number {
  const reader = new TlsReader(message);
  reader.u16();
  return reader.u16();
}

/** An MLSMessage(GroupInfo): its group context extensions and its own extensions. */
export function parseGroupInfo(message: Uint8Array): {
  contextExtensions: WireExtension[];
  extensions: WireExtension[];
} {
  const reader = new TlsReader(message);
  reader.u16();
  if (reader.u16() !== 4) throw new Error("not an MLSMessage(GroupInfo)");
  reader.u16(); // GroupContext.version
  reader.u16(); // cipher_suite
  reader.vector(); // group_id
  reader.u64(); // epoch
  reader.vector(); // tree_hash
  reader.vector(); // confirmed_transcript_hash
  const contextExtensions = extensions(reader.vector());
  return { contextExtensions, extensions: extensions(reader.vector()) };
}

/** An MLSMessage(PublicMessage) carrying a proposal: its sender and the proposal's type and body. */
export function parsePublicProposal(message: Uint8Array): {
  senderType: number;
  /** leaf_index or sender_index, for the sender types that have one. */
  senderIndex: number | undefined;
  proposalType: number;
  /** The proposal body, for a reader positioned right after proposal_type. */
  body: TlsReader;
} {
  const reader = new TlsReader(message);
  reader.u16();
  if (reader.u16() !== 1) throw new Error("not an MLSMessage(PublicMessage)");
  reader.vector(); // group_id
  reader.u64(); // epoch
  const senderType = reader.u8();
  const senderIndex = senderType === 1 || senderType === 2 ? reader.u32() : undefined;
  reader.vector(); // authenticated_data
  if (reader.u8() !== 2) throw new Error("the PublicMessage does not carry a proposal");
  return { senderType, senderIndex, proposalType: reader.u16(), body: reader };
}
