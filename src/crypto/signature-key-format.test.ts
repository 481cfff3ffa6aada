// What our gRPC server emits for the ECDSA suites: signature keys as the
// uncompressed points RFC 9420 §5.1.1 requires (65, 133 and 97 bytes,
// starting with 0x04), in the KeyPackages it creates and in every leaf of
// the ratchet tree of the GroupInfos it signs, with our provider and with
// the library's (`serve --crypto library`); read off the bytes with our own
// RFC reader, not with ts-mls (whose keygen compresses them:
// KNOWN-ISSUES.md#ecdsa-compressed-keys).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { keyPackageSignatureKey, leafSignatureKeys, parseGroupInfo } from "../testing/tls-reader.js";
import { Actor, createGroup, keyPackage } from "../testing/scenario.js";
import { childServer, inProcessServer, type TestServer } from "../testing/servers.js";

const servers: Record<string, TestServer> = {};
before(async () => {
  servers["our provider"] = await inProcessServer();
  servers["--crypto library"] = await childServer(["--crypto", "library"]);
});
after(() => Promise.all(Object.values(servers).map((s) => s.stop())));

const ecdsaSuites = [
  { suite: 2, curve: "P-256", length: 65 },
  { suite: 5, curve: "P-521", length: 133 },
  { suite: 7, curve: "P-384", length: 97 },
];

const describeKey = (key: Uint8Array): string =>
  `${key.length} bytes starting 0x${(key[0] ?? 0).toString(16).padStart(2, "0")}`;

for (const mode of ["our provider", "--crypto library"])
  for (const { suite, curve, length } of ecdsaSuites)
    test(`${mode}, suite ${suite} (${curve}): KeyPackages and GroupInfos carry ${length}-byte uncompressed signature keys`, async () => {
      const c = servers[mode]!.client;
      const run = { suite, encrypt: false };
      const kp = await keyPackage(run, new Actor("carol", c));
      assert.equal(describeKey(keyPackageSignatureKey(kp)), `${length} bytes starting 0x04`, "the KeyPackage's leaf");

      const alice = new Actor("alice", c);
      await createGroup(run, alice, [new Actor("bob", c)]);
      const info = await c.call("groupInfo", { stateId: alice.stateId, externalTree: false });
      const tree = parseGroupInfo(info.groupInfo).extensions.find((e) => e.type === 2);
      assert.ok(tree !== undefined, "the GroupInfo carries its ratchet tree");
      const keys = leafSignatureKeys(tree.data);
      assert.equal(keys.length, 2, "alice's and bob's leaves");
      for (const [i, key] of keys.entries())
        assert.equal(describeKey(key), `${length} bytes starting 0x04`, `leaf ${i} of the GroupInfo's tree`);
    });
