// Shared setup for the known-issue tests: small groups built with ts-mls's
// public API alone (no server code), so each test shows a library defect
// against the library itself. See KNOWN-ISSUES.md.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  createCommit,
  createGroup,
  createProposal,
  defaultCapabilities,
  defaultCredentialTypes,
  defaultExtensionTypes,
  defaultLifetime,
  defaultProposalTypes,
  encode,
  generateKeyPackage,
  getCiphersuiteImpl,
  getOwnLeafNode,
  joinGroup,
  joinGroupFromReinit,
  leafNodeSources,
  mlsMessageDecoder,
  mlsMessageEncoder,
  nodeTypes,
  processMessage,
  protocolVersions,
  pskTypes,
  reinitCreateNewGroup,
  reinitGroup,
  resumptionPSKUsages,
  unsafeTestingAuthenticationService,
  wireformats,
  type ClientConfig,
  type ClientState,
  type Credential,
  type GroupContext,
  type GroupContextExtension,
  type GroupInfo,
  type KeyPackage,
  type LeafNodeUpdate,
  type MlsContext,
  type MlsFramedMessage,
  type MlsMessage,
  type PrivateKeyPackage,
  type PrivateMessage,
  type Proposal,
  type PublicMessage,
  type RequiredCapabilities,
  type UpdatePath,
  type Welcome,
} from "ts-mls";
import { requiredCapabilitiesEncoder, varLenDataEncoder } from "../ts-mls/codec-internals.js";
import { signLeafNodeTbs } from "../ts-mls/tree-internals.js";

/** Every test runs in suite 1; none of the defects depends on the suite. */
export const suiteName = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const;
export const suite = await getCiphersuiteImpl(suiteName);

const text = new TextEncoder();
export const bytes = (s: string): Uint8Array => text.encode(s);

/**
 * The assertion message of every known-issue test: it fails only once the
 * defect is gone, and then says what to clean up.
 */
export function fixedMessage(slug: string, workaround: string): string {
  return `ts-mls seems to have fixed ${slug}: remove the workaround in ${workaround} and this entry (KNOWN-ISSUES.md#${slug})`;
}

/** The same, for a defect the server has no workaround for (`note` says where it is mentioned). */
export function fixedNoWorkaround(slug: string, note: string): string {
  return `ts-mls seems to have fixed ${slug}: there is no workaround to remove (${note}); remove this entry (KNOWN-ISSUES.md#${slug})`;
}

export function context(externalPsks: Record<string, Uint8Array> = {}, clientConfig?: ClientConfig): MlsContext {
  return { cipherSuite: suite, authService: unsafeTestingAuthenticationService, externalPsks, clientConfig };
}

export function basicCredential(name: string): Credential {
  return { credentialType: defaultCredentialTypes.basic, identity: bytes(name) };
}

export interface Joiner {
  keyPackage: KeyPackage;
  privateKeys: PrivateKeyPackage;
}

export async function keyPackage(name: string): Promise<Joiner> {
  const generated = await generateKeyPackage({
    credential: basicCredential(name),
    capabilities: defaultCapabilities(),
    lifetime: defaultLifetime(),
    cipherSuite: suite,
  });
  return { keyPackage: generated.publicPackage, privateKeys: generated.privatePackage };
}

/** A one-member group (epoch 0). */
export async function founder(name = "alice", extensions: GroupContextExtension[] = []): Promise<ClientState> {
  const own = await keyPackage(name);
  return createGroup({
    context: context(),
    groupId: bytes("group"),
    keyPackage: own.keyPackage,
    privateKeyPackage: own.privateKeys,
    extensions,
  });
}

/**
 * A group of `names` at epoch 1: the first creates it and adds the others in
 * one path-less commit (ratchet_tree in the Welcome), leaves in `names` order.
 */
export async function group(names: string[], extensions: GroupContextExtension[] = []): Promise<ClientState[]> {
  const [first, ...others] = names;
  const creator = await founder(first, extensions);
  if (others.length === 0) return [creator];
  const joiners = await Promise.all(others.map(keyPackage));
  const result = await createCommit({
    context: context(),
    state: creator,
    extraProposals: joiners.map((j) => add(j.keyPackage)),
    ratchetTreeExtension: true,
    wireAsPublicMessage: true,
  });
  if (result.welcome === undefined) throw new Error("fixture: adding members produced no Welcome");
  const states = [result.newState];
  for (const j of joiners) {
    states.push(
      await joinGroup({
        context: context(),
        welcome: result.welcome.welcome,
        keyPackage: j.keyPackage,
        privateKeys: j.privateKeys,
      }),
    );
  }
  return states;
}

/** processMessage, which every member of these tests uses to follow a handshake. */
export async function receive(
  state: ClientState,
  message: MlsMessage,
  externalPsks: Record<string, Uint8Array> = {},
): Promise<ClientState> {
  const result = await processMessage({ context: context(externalPsks), state, message: message as MlsFramedMessage });
  return result.newState;
}

/** A proposal sent as a PublicMessage, and the sender's state that keeps it pending. */
export async function propose(
  state: ClientState,
  proposal: Proposal,
): Promise<{ state: ClientState; message: MlsMessage }> {
  const result = await createProposal({ context: context(), state, wireAsPublicMessage: true, proposal });
  return { state: result.newState, message: result.message };
}

export function add(keyPackage: KeyPackage): Proposal {
  return { proposalType: defaultProposalTypes.add, add: { keyPackage } };
}

export function remove(leafIndex: number): Proposal {
  return { proposalType: defaultProposalTypes.remove, remove: { removed: leafIndex } };
}

export function groupContextExtensions(extensions: GroupContextExtension[]): Proposal {
  return { proposalType: defaultProposalTypes.group_context_extensions, groupContextExtensions: { extensions } };
}

export function externalPsk(pskId: Uint8Array): Proposal {
  return {
    proposalType: defaultProposalTypes.psk,
    psk: { preSharedKeyId: { psktype: pskTypes.external, pskId, pskNonce: suite.rng.randomBytes(suite.kdf.size) } },
  };
}

/** A resumption PSK (usage application) of the state's current epoch. */
export function resumptionPsk(state: ClientState): Proposal {
  return {
    proposalType: defaultProposalTypes.psk,
    psk: {
      preSharedKeyId: {
        psktype: pskTypes.resumption,
        usage: resumptionPSKUsages.application,
        pskGroupId: state.groupContext.groupId,
        pskEpoch: state.groupContext.epoch,
        pskNonce: suite.rng.randomBytes(suite.kdf.size),
      },
    },
  };
}

/** required_capabilities asking for nothing: every member supports it (commit.json's "AAAA"). */
export const requiredCapabilities: RequiredCapabilities = {
  extensionTypes: [],
  proposalTypes: [],
  credentialTypes: [],
};
export const requiredCapabilitiesExtension: GroupContextExtension = {
  extensionType: defaultExtensionTypes.required_capabilities,
  extensionData: requiredCapabilities,
};

export function asPublicMessage(message: MlsMessage): PublicMessage {
  if (message.wireformat !== wireformats.mls_public_message) throw new Error("fixture: not a PublicMessage");
  return message.publicMessage;
}

export function asPrivateMessage(message: MlsMessage): PrivateMessage {
  if (message.wireformat !== wireformats.mls_private_message) throw new Error("fixture: not a PrivateMessage");
  return message.privateMessage;
}

/** The path of a commit sent as a PublicMessage (undefined when it has none). */
export function commitPath(commit: MlsMessage): UpdatePath | undefined {
  const content = asPublicMessage(commit).content;
  if (!("commit" in content)) throw new Error("fixture: message is not a commit");
  return content.commit.path;
}

/** The Basic identity at a leaf, or undefined for a blank leaf. */
export function identityAt(state: ClientState, leafIndex: number): string | undefined {
  const node = state.ratchetTree[leafIndex * 2];
  if (node?.nodeType !== nodeTypes.leaf) return undefined;
  const credential = node.leaf.credential;
  return "identity" in credential ? Buffer.from(credential.identity).toString() : undefined;
}

export function epochAuthenticator(state: ClientState): string {
  return Buffer.from(state.keySchedule.epochAuthenticator).toString("hex");
}

/**
 * An Update proposal's LeafNode for this member: fresh HPKE key, signed over
 * group id and leaf index with the signer ts-mls keeps internal (there is no
 * public way, KNOWN-ISSUES.md#no-update-proposal-api).
 */
export async function updateLeaf(state: ClientState): Promise<{ proposal: Proposal; hpkePrivateKey: Uint8Array }> {
  const own = getOwnLeafNode(state);
  const keys = await suite.hpke.generateKeyPair();
  const base = {
    hpkePublicKey: await suite.hpke.exportPublicKey(keys.publicKey),
    signaturePublicKey: own.signaturePublicKey,
    credential: own.credential,
    capabilities: own.capabilities,
    leafNodeSource: leafNodeSources.update,
    extensions: own.extensions,
  };
  const signed = await signLeafNodeTbs(
    {
      ...base,
      signature: new Uint8Array(),
      groupId: state.groupContext.groupId,
      leafIndex: state.privatePath.leafIndex,
    },
    state.signaturePrivateKey,
    suite.signature,
  );
  const leafNode: LeafNodeUpdate = { ...base, signature: signed.signature };
  return {
    proposal: { proposalType: defaultProposalTypes.update, update: { leafNode } },
    hpkePrivateKey: await suite.hpke.exportPrivateKey(keys.privateKey),
  };
}

export interface PendingUpdates {
  /** alice, with bob's and charlie's Update proposals pending. */
  alice: ClientState;
  /** bob, with his own Update and charlie's pending. */
  bob: ClientState;
  bobUpdate: { proposal: Proposal; hpkePrivateKey: Uint8Array };
  charlieUpdate: { proposal: Proposal; hpkePrivateKey: Uint8Array };
}

/**
 * alice, bob and charlie, where bob and charlie have each proposed an Update:
 * two Updates, so ts-mls adds a path when alice commits them
 * (KNOWN-ISSUES.md#path-required-rule).
 */
export async function pendingUpdates(): Promise<PendingUpdates> {
  const [alice, bob, charlie] = await group(["alice", "bob", "charlie"]);
  const bobUpdate = await updateLeaf(bob);
  const charlieUpdate = await updateLeaf(charlie);
  const fromBob = await propose(bob, bobUpdate.proposal);
  const fromCharlie = await propose(charlie, charlieUpdate.proposal);
  return {
    alice: await receive(await receive(alice, fromBob.message), fromCharlie.message),
    bob: await receive(fromBob.state, fromCharlie.message),
    bobUpdate,
    charlieUpdate,
  };
}

export interface Reinitialised {
  /** alice's first epoch of the new group, made by reinitCreateNewGroup. */
  alice: ClientState;
  welcome: Welcome;
  commit: MlsMessage;
  /** bob, suspended by alice's ReInit commit. */
  bobSuspended: ClientState;
  /** bob's KeyPackage for the new group. */
  bob: Joiner;
}

/**
 * alice and bob reinitialise their group into "new-group" with `extensions`,
 * through ts-mls's reinitGroup and reinitCreateNewGroup.
 */
export async function reinitialised(extensions: GroupContextExtension[]): Promise<Reinitialised> {
  const [alice, bob] = await group(["alice", "bob"]);
  const groupId = bytes("new-group");
  const reinit = await reinitGroup({
    context: context(),
    state: alice,
    groupId,
    version: "mls10",
    cipherSuite: suiteName,
    extensions,
  });
  const bobSuspended = await receive(bob, reinit.commit);
  const [aliceNew, bobNew] = await Promise.all([keyPackage("alice"), keyPackage("bob")]);
  const created = await reinitCreateNewGroup({
    context: context(),
    state: reinit.newState,
    keyPackage: aliceNew.keyPackage,
    privateKeyPackage: aliceNew.privateKeys,
    memberKeyPackages: [bobNew.keyPackage],
    groupId,
    cipherSuite: suiteName,
    extensions,
  });
  if (created.welcome === undefined) throw new Error("fixture: reinitCreateNewGroup produced no Welcome");
  return {
    alice: created.newState,
    welcome: created.welcome.welcome,
    commit: created.commit,
    bobSuspended,
    bob: bobNew,
  };
}

/** bob joins the new group with joinGroupFromReinit, given alice's tree out of band or not. */
export function joinReinitialised(r: Reinitialised, treeOutOfBand: boolean): Promise<ClientState> {
  return joinGroupFromReinit({
    context: context(),
    suspendedState: r.bobSuspended,
    welcome: r.welcome,
    keyPackage: r.bob.keyPackage,
    privateKeyPackage: r.bob.privateKeys,
    ratchetTree: treeOutOfBand ? r.alice.ratchetTree : undefined,
  });
}

/** This member's state with `privateKey` as the private key of its own leaf. */
export function withOwnLeafKey(state: ClientState, privateKey: Uint8Array): ClientState {
  const node = state.privatePath.leafIndex * 2;
  return {
    ...state,
    privatePath: { ...state.privatePath, privateKeys: { ...state.privatePath.privateKeys, [node]: privateKey } },
  };
}

export function encodeGroupInfo(groupInfo: GroupInfo): Uint8Array {
  return encode(mlsMessageEncoder, {
    version: protocolVersions.mls10,
    wireformat: wireformats.mls_group_info,
    groupInfo,
  });
}

/** mlsMessageDecoder over bytes: undefined when ts-mls cannot decode them. */
export function decodeMessage(message: Uint8Array): MlsMessage | undefined {
  return mlsMessageDecoder(message, 0)?.[0];
}

/** Where `needle` first occurs in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(needle));
}

export const vector = (data: Uint8Array): Uint8Array => encode(varLenDataEncoder, data);

// RFC 9420 building blocks written out here, independent of ts-mls, to look
// inside what ts-mls produced.

function uint16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/**
 * The serialised GroupContext (RFC 9420 §8.1). Only the extensions these
 * tests use are supported: required_capabilities and opaque ones.
 */
export function groupContextBytes(gc: GroupContext): Uint8Array {
  const epoch = new Uint8Array(8);
  new DataView(epoch.buffer).setBigUint64(0, gc.epoch);
  const extensions = gc.extensions.map((e) => {
    if (e.extensionType === defaultExtensionTypes.required_capabilities)
      return concat(
        uint16(e.extensionType),
        vector(encode(requiredCapabilitiesEncoder, e.extensionData as RequiredCapabilities)),
      );
    if (e.extensionData instanceof Uint8Array) return concat(uint16(e.extensionType), vector(e.extensionData));
    throw new Error(`fixture: cannot serialise extension ${e.extensionType}`);
  });
  return concat(
    uint16(gc.version),
    uint16(gc.cipherSuite),
    vector(gc.groupId),
    epoch,
    vector(gc.treeHash),
    vector(gc.confirmedTranscriptHash),
    vector(concat(...extensions)),
  );
}

/**
 * The provisional GroupContext a committer in `before` encrypts its path
 * under (RFC 9420 §12.4.1): next epoch, the new tree's hash, the old
 * transcript hash, and `extensions` (by default the old ones).
 */
export function provisionalContext(
  before: ClientState,
  after: ClientState,
  extensions: GroupContextExtension[] = before.groupContext.extensions,
): GroupContext {
  return {
    ...before.groupContext,
    epoch: before.groupContext.epoch + 1n,
    treeHash: after.groupContext.treeHash,
    extensions,
  };
}

/** RFC 9420 §5.1.3 DeriveSecret. */
export async function deriveSecret(secret: Uint8Array, label: string): Promise<Uint8Array> {
  const info = concat(uint16(suite.kdf.size), vector(bytes(`MLS 1.0 ${label}`)), vector(new Uint8Array()));
  return suite.kdf.expand(secret, info, suite.kdf.size);
}

/** RFC 9420 §5.1.3 DecryptWithLabel(priv, "UpdatePathNode", context, ...) of one path ciphertext. */
export async function openPathSecret(
  privateKey: Uint8Array,
  ciphertext: { kemOutput: Uint8Array; ciphertext: Uint8Array },
  groupContext: GroupContext,
): Promise<Uint8Array> {
  const info = concat(vector(bytes("MLS 1.0 UpdatePathNode")), vector(groupContextBytes(groupContext)));
  return suite.hpke.open(
    await suite.hpke.importPrivateKey(privateKey),
    ciphertext.kemOutput,
    ciphertext.ciphertext,
    info,
  );
}

/** The public key of the node a path secret belongs to (RFC 9420 §7.4). */
export async function nodePublicKey(pathSecret: Uint8Array): Promise<Uint8Array> {
  const { publicKey } = await suite.hpke.deriveKeyPair(await deriveSecret(pathSecret, "node"));
  return suite.hpke.exportPublicKey(publicKey);
}

// ts-mls's declared API, read from its own .d.ts files with the TypeScript
// parser: "there is no option for X" is checked against the pinned version.

const tsMlsDist = dirname(createRequire(import.meta.url).resolve("ts-mls"));

/**
 * The property names ts-mls declares for `name` in `file` (relative to its
 * dist/src): an interface's members (and those of interfaces it extends in
 * the same file), or the members of a function's first (object) parameter.
 * The TypeScript parser is loaded on first use: it is heavy, and most tests
 * (and the worker that imports these fixtures) never need it.
 */
export async function declaredMembers(file: string, name: string): Promise<string[]> {
  const ts: typeof import("typescript") = (await import("typescript")).default;
  const path = join(tsMlsDist, file);
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, import("typescript").InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const memberNames = (node: import("typescript").Node | undefined): string[] => {
    if (node === undefined) return [];
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName))
      return memberNames(interfaces.get(node.typeName.text));
    if (ts.isIntersectionTypeNode(node)) return node.types.flatMap(memberNames);
    if (!ts.isTypeLiteralNode(node) && !ts.isInterfaceDeclaration(node)) return [];
    const own = node.members.flatMap((m) => (m.name !== undefined && ts.isIdentifier(m.name) ? [m.name.text] : []));
    const inherited = ts.isInterfaceDeclaration(node)
      ? (node.heritageClauses ?? []).flatMap((h) =>
          h.types.flatMap((t) => (ts.isIdentifier(t.expression) ? memberNames(interfaces.get(t.expression.text)) : [])),
        )
      : [];
    return [...own, ...inherited];
  };
  let found: string[] | undefined;
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) found = memberNames(node);
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) found = memberNames(node.parameters[0]?.type);
  });
  if (found === undefined) throw new Error(`fixture: ${name} is not declared in ts-mls's ${file}`);
  return found;
}

export interface StaggeredWelcome {
  welcome: Welcome;
  joiner: Joiner;
  /** The committer's state in the epoch the Welcome is for. */
  committer: ClientState;
}

/**
 * A valid tree in which leaf 5 is unmerged at node 11 but merged at the root
 * above it (RFC 9420 §7.8: a later path through the root merged it there),
 * and a Welcome into it. Built with ts-mls alone: F leaves,
 * E's path sets node 11, H fills F's leaf (unmerged at 11 and the root), A's
 * path resets the root, then I is added.
 */
export async function staggeredUnmergedLeaves(): Promise<StaggeredWelcome> {
  const [a0, , , , e0] = await group(["A", "B", "C", "D", "E", "F", "G"]);
  const step = async (from: ClientState, other: ClientState, extraProposals: Proposal[]) => {
    const result = await createCommit({ context: context(), state: from, extraProposals, wireAsPublicMessage: true });
    return [result.newState, await receive(other, result.commit)] as const;
  };
  let [a, e] = await step(a0!, e0!, [remove(5)]);
  [e, a] = await step(e, a, []);
  const h = await keyPackage("H");
  [a, e] = await step(a, e, [add(h.keyPackage)]);
  [a] = await step(a, e, []);
  const joiner = await keyPackage("I");
  const result = await createCommit({
    context: context(),
    state: a,
    extraProposals: [add(joiner.keyPackage)],
    ratchetTreeExtension: true,
    wireAsPublicMessage: true,
  });
  if (result.welcome === undefined) throw new Error("fixture: adding I produced no Welcome");
  return { welcome: result.welcome.welcome, joiner, committer: result.newState };
}
