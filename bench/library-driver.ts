// The baseline: the same MLS operations the server performs, called on ts-mls
// directly, with the bytes in and out a server must decode and encode anyway
// (MLSMessage codecs are the library's too). Same ciphersuite implementation,
// credentials and client config as the server, so any difference between
// this and a server call is ours: gRPC, the handle store, our checks.
// It calls ts-mls itself, not through src/ts-mls/ or the methods: a baseline
// must call the library without our binding in the way.
import {
  createApplicationMessage,
  createCommit,
  createGroup,
  decode,
  defaultCapabilities,
  defaultCredentialTypes,
  defaultLifetime,
  defaultProposalTypes,
  encode,
  generateKeyPackage,
  getCiphersuiteImpl,
  joinGroup,
  mlsMessageDecoder,
  mlsMessageEncoder,
  processMessage,
  protocolVersions,
  unsafeTestingAuthenticationService,
  wireformats,
  type CiphersuiteImpl,
  type ClientState,
  type KeyPackage,
  type MlsContext,
  type MlsMessage,
  type PrivateKeyPackage,
  type Proposal,
} from "ts-mls";
import { cachedCiphersuite } from "../src/crypto/provider.js";
import { clientConfig } from "../src/protocol/context.js";

export interface LibraryKeyPackage {
  bytes: Uint8Array;
  publicPackage: KeyPackage;
  privatePackage: PrivateKeyPackage;
}

export interface LibraryCommit {
  commit: Uint8Array;
  welcome: Uint8Array | undefined;
  newState: ClientState;
}

function decodeMessage(bytes: Uint8Array): MlsMessage {
  const message = decode(mlsMessageDecoder, bytes);
  if (message === undefined) throw new Error("bench: library bytes do not decode");
  return message;
}

export class LibraryDriver {
  private constructor(
    readonly impl: CiphersuiteImpl,
    private readonly encrypt: boolean,
  ) {}

  /**
   * Suite 1 (X25519, AES-128-GCM, SHA-256, Ed25519), the suite interop runs
   * default to, with ts-mls's own crypto provider or with ours around it
   * (src/crypto/, what the server runs by default).
   */
  static async suite1(encrypt = true, provider: "library" | "cached" = "library"): Promise<LibraryDriver> {
    const name = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519";
    const impl = await getCiphersuiteImpl(name);
    return new LibraryDriver(provider === "cached" ? cachedCiphersuite(name, impl) : impl, encrypt);
  }

  private get context(): MlsContext {
    return { cipherSuite: this.impl, authService: unsafeTestingAuthenticationService, externalPsks: {}, clientConfig };
  }

  async keyPackage(identity: string): Promise<LibraryKeyPackage> {
    const { publicPackage, privatePackage } = await generateKeyPackage({
      credential: { credentialType: defaultCredentialTypes.basic, identity: new TextEncoder().encode(identity) },
      capabilities: defaultCapabilities(),
      lifetime: defaultLifetime(),
      cipherSuite: this.impl,
    });
    const bytes = encode(mlsMessageEncoder, {
      version: protocolVersions.mls10,
      wireformat: wireformats.mls_key_package,
      keyPackage: publicPackage,
    });
    return { bytes, publicPackage, privatePackage };
  }

  async createGroup(identity: string, groupId: Uint8Array): Promise<ClientState> {
    const own = await this.keyPackage(identity);
    return createGroup({
      context: this.context,
      groupId,
      keyPackage: own.publicPackage,
      privateKeyPackage: own.privatePackage,
    });
  }

  /** Add proposals for KeyPackages received as bytes, as a by-value Commit gets them. */
  adds(keyPackages: readonly Uint8Array[]): Proposal[] {
    return keyPackages.map((bytes) => {
      const message = decodeMessage(bytes);
      if (message.wireformat !== wireformats.mls_key_package) throw new Error("bench: not a KeyPackage");
      return { proposalType: defaultProposalTypes.add, add: { keyPackage: message.keyPackage } };
    });
  }

  /** A commit of `extra` (an empty one gets an UpdatePath), encoded; the state is not advanced. */
  async commit(state: ClientState, extra: Proposal[] = []): Promise<LibraryCommit> {
    const result = await createCommit({
      context: this.context,
      state,
      extraProposals: extra,
      wireAsPublicMessage: !this.encrypt,
      ratchetTreeExtension: true,
    });
    return {
      commit: encode(mlsMessageEncoder, result.commit),
      welcome: result.welcome === undefined ? undefined : encode(mlsMessageEncoder, result.welcome),
      newState: result.newState,
    };
  }

  async join(keyPackage: LibraryKeyPackage, welcomeBytes: Uint8Array): Promise<ClientState> {
    const message = decodeMessage(welcomeBytes);
    if (message.wireformat !== wireformats.mls_welcome) throw new Error("bench: not a Welcome");
    return joinGroup({
      context: this.context,
      welcome: message.welcome,
      keyPackage: keyPackage.publicPackage,
      privateKeys: keyPackage.privatePackage,
    });
  }

  /** Handles a commit (or any framed message) from bytes. */
  async handle(state: ClientState, bytes: Uint8Array): Promise<ClientState> {
    const message = decodeMessage(bytes);
    if (message.wireformat !== wireformats.mls_private_message && message.wireformat !== wireformats.mls_public_message)
      throw new Error("bench: not a framed message");
    return (await processMessage({ context: this.context, state, message })).newState;
  }

  async protect(state: ClientState, plaintext: Uint8Array): Promise<{ bytes: Uint8Array; newState: ClientState }> {
    const result = await createApplicationMessage({ context: this.context, state, message: plaintext });
    return { bytes: encode(mlsMessageEncoder, result.message), newState: result.newState };
  }

  async unprotect(state: ClientState, bytes: Uint8Array): Promise<{ plaintext: Uint8Array; newState: ClientState }> {
    const message = decodeMessage(bytes);
    if (message.wireformat !== wireformats.mls_private_message) throw new Error("bench: not a PrivateMessage");
    const result = await processMessage({ context: this.context, state, message });
    if (result.kind !== "applicationMessage") throw new Error("bench: not application data");
    return { plaintext: result.message, newState: result.newState };
  }
}
