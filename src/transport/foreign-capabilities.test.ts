// A member that lists a protocol version we do not know in its capabilities
// (OpenMLS's interop client lists [mls10, 999]; RFC 9420 §7.2): its
// KeyPackage is added, and a member of ours joins a tree holding its leaf.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  defaultCapabilities,
  defaultCredentialTypes,
  defaultLifetime,
  encode,
  generateKeyPackage,
  getCiphersuiteImpl,
  mlsMessageEncoder,
  protocolVersions,
  wireformats,
  type Capabilities,
} from "ts-mls";
import { Actor, byValue, commit, createGroup, expectAgreement, keyPackage, type Run } from "../testing/scenario.js";
import { inProcessServer } from "../testing/servers.js";

let server: Awaited<ReturnType<typeof inProcessServer>>;
before(async () => {
  server = await inProcessServer();
});
after(() => server.stop());

const run: Run = { suite: 1, encrypt: false };

async function foreignKeyPackage(): Promise<Buffer> {
  const { publicPackage } = await generateKeyPackage({
    credential: { credentialType: defaultCredentialTypes.basic, identity: Buffer.from("openmls-like") },
    capabilities: { ...defaultCapabilities(), versions: [protocolVersions.mls10, 999] } as unknown as Capabilities,
    lifetime: defaultLifetime(),
    cipherSuite: await getCiphersuiteImpl("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"),
  });
  return Buffer.from(
    encode(mlsMessageEncoder, {
      version: protocolVersions.mls10,
      wireformat: wireformats.mls_key_package,
      keyPackage: publicPackage,
    }),
  );
}

test("a KeyPackage listing version 999 is added, and a joiner of ours decodes the tree holding it", async () => {
  const alice = new Actor("alice", server.client);
  const bob = new Actor("bob", server.client);
  await createGroup(run, alice, []);
  const adds = [
    byValue("add", { keyPackage: await foreignKeyPackage() }),
    byValue("add", { keyPackage: await keyPackage(run, bob) }),
  ];
  await commit(run, alice, { byValue: adds, externalTree: true }, [], [bob]);
  await expectAgreement([alice, bob]);
  const info = await server.client.call("groupInfo", { stateId: bob.stateId, externalTree: false });
  assert.ok(info.groupInfo.length > 0);
});
