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

/** An MLSMessage(PublicMessage) up to its content: the sender and the content type (RFC 9420 §6). */
function publicMessageHeader(message: Uint8Array): {
  reader: TlsReader;
  senderType: number;
  senderIndex: number | undefined;
  contentType: number;
} {
  const reader = new TlsReader(message);
  reader.u16();
  if (reader.u16() !== 1) throw new Error("not an MLSMessage(PublicMessage)");
  reader.vector(); // group_id
  reader.u64(); // epoch
  const senderType = reader.u8();
  const senderIndex = senderType === 1 || senderType === 2 ? reader.u32() : undefined; // leaf_index, sender_index
  reader.vector(); // authenticated_data
  return { reader, senderType, senderIndex, contentType: reader.u8() };
}

/** What a commit in an MLSMessage(PublicMessage) carries, read off its bytes (RFC 9420 §6, §12.4). */
export interface WireCommit {
  /** Proposal types by value, in order; a by-reference entry is 0. */
  proposalTypes: number[];
  /** Per UpdatePathNode, how many HPKE ciphertexts it holds; undefined without a path. */
  pathCiphertexts: number[] | undefined;
}

export function parseCommit(message: Uint8Array): WireCommit {
  const { reader, contentType } = publicMessageHeader(message);
  if (contentType !== 3) throw new Error("not a commit");
  const proposals = new TlsReader(reader.vector());
  const proposalTypes: number[] = [];
  while (proposals.remaining > 0) {
    if (proposals.u8() === 2) {
      proposals.vector(); // ProposalRef
      proposalTypes.push(0);
      continue;
    }
    const type = proposals.u16();
    proposalTypes.push(type);
    skipProposalBody(proposals, type);
  }
  if (reader.u8() === 0) return { proposalTypes, pathCiphertexts: undefined };
  skipLeafNode(reader);
  const nodes = new TlsReader(reader.vector());
  const pathCiphertexts: number[] = [];
  while (nodes.remaining > 0) {
    nodes.vector(); // encryption_key
    const ciphertexts = new TlsReader(nodes.vector());
    let count = 0;
    for (; ciphertexts.remaining > 0; count++) {
      ciphertexts.vector(); // kem_output
      ciphertexts.vector(); // ciphertext
    }
    pathCiphertexts.push(count);
  }
  return { proposalTypes, pathCiphertexts };
}

function skipCredential(reader: TlsReader): void {
  const type = reader.u16();
  if (type !== 1) throw new Error(`credential type ${type}: only Basic credentials are read`);
  reader.vector();
}

/** Reads past a LeafNode, returning its signature_key. */
function skipLeafNode(reader: TlsReader): Uint8Array {
  reader.vector(); // encryption_key
  const signatureKey = reader.vector();
  skipCredential(reader);
  for (let i = 0; i < 5; i++) reader.vector(); // capabilities
  const source = reader.u8();
  if (source === 1) {
    reader.u64();
    reader.u64(); // lifetime
  } else if (source === 3) reader.vector(); // parent_hash
  reader.vector(); // extensions
  reader.vector(); // signature
  return signatureKey;
}

/** The signature_key of an MLSMessage(KeyPackage)'s leaf. */
export function keyPackageSignatureKey(message: Uint8Array): Uint8Array {
  const reader = new TlsReader(message);
  reader.u16();
  if (reader.u16() !== 5) throw new Error("not an MLSMessage(KeyPackage)");
  reader.u16(); // version
  reader.u16(); // cipher_suite
  reader.vector(); // init_key
  return skipLeafNode(reader);
}

/** The signature_key of each leaf of a ratchet_tree (`optional<Node> ratchet_tree<V>`, RFC 9420 §12.4.3.3). */
export function leafSignatureKeys(ratchetTree: Uint8Array): Uint8Array[] {
  const nodes = new TlsReader(new TlsReader(ratchetTree).vector());
  const keys: Uint8Array[] = [];
  while (nodes.remaining > 0) {
    if (nodes.u8() === 0) continue; // a blank node
    if (nodes.u8() === 1) keys.push(skipLeafNode(nodes));
    else {
      nodes.vector(); // encryption_key
      nodes.vector(); // parent_hash
      nodes.vector(); // unmerged_leaves
    }
  }
  return keys;
}

function skipProposalBody(reader: TlsReader, type: number): void {
  switch (type) {
    case 1: // Add: KeyPackage
      reader.u16();
      reader.u16();
      reader.vector(); // init_key
      skipLeafNode(reader);
      reader.vector(); // extensions
      reader.vector(); // signature
      return;
    case 2: // Update: LeafNode
      skipLeafNode(reader);
      return;
    case 3: // Remove
      reader.u32();
      return;
    case 4: {
      // PreSharedKey: PreSharedKeyID
      const pskType = reader.u8();
      if (pskType === 1) reader.vector();
      else {
        reader.u8();
        reader.vector();
        reader.u64();
      }
      reader.vector(); // psk_nonce
      return;
    }
    case 5: // ReInit
      reader.vector(); // group_id
      reader.u16();
      reader.u16();
      reader.vector(); // extensions
      return;
    case 6: // ExternalInit
      reader.vector();
      return;
    case 7: // GroupContextExtensions
      reader.vector();
      return;
    default:
      throw new Error(`proposal type ${type} is not read by this test helper`);
  }
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
  const { reader, senderType, senderIndex, contentType } = publicMessageHeader(message);
  if (contentType !== 2) throw new Error("the PublicMessage does not carry a proposal");
  return { senderType, senderIndex, proposalType: reader.u16(), body: reader };
}
