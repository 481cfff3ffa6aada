// The server as `serve --as-released` runs it: ts-mls's own constructions,
// refusing with UNIMPLEMENTED (citing KNOWN-ISSUES.md) what the release would
// get wrong or cannot do. What the RFC layer does instead is tested in
// methods.test.ts and scenarios.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { status } from "@grpc/grpc-js";
import type { Client } from "../testing/client.js";
import { expectStatus } from "../testing/expect-status.js";
import { Actor, byValue, commit, createGroup, keyPackage, type Run } from "../testing/scenario.js";
import { childServer, type ChildServer } from "../testing/servers.js";

const run: Run = { suite: 1, encrypt: false };
let server: ChildServer;
let c: Client;

before(async () => {
  server = await childServer(["--as-released"]);
  c = server.client;
});
after(() => server.stop());

const members = (...names: string[]): Actor[] => names.map((n) => new Actor(n, c));

describe("serve --as-released", () => {
  test("Name says the library runs as released", async () => {
    assert.match((await c.call("name", {})).name, /^mls-interop-ts \S+ \(ts-mls 2\.0\.0-rc\.10 as released\)$/);
  });

  test("force_path that ts-mls cannot honour is UNIMPLEMENTED", async () => {
    const [alice, bob, carol] = members("alice", "bob", "carol");
    await createGroup(run, alice!, [bob!]);
    await expectStatus(
      c.call("commit", {
        stateId: alice!.stateId,
        forcePath: true,
        byValue: [byValue("add", { keyPackage: await keyPackage(run, carol!) })],
      }),
      status.UNIMPLEMENTED,
      "Commit",
      /KNOWN-ISSUES\.md#force-path/,
    );
    const empty = await c.call("commit", { stateId: alice!.stateId, forcePath: true });
    assert.ok(empty.commit.length > 0, "an empty commit always has a path");
  });

  test("commits ts-mls would encrypt to the wrong members are refused", async () => {
    const [alice, bob, c1, c2] = members("alice", "bob", "c1", "c2");
    await createGroup(run, alice!, [bob!, c1!, c2!]);
    const fresh = async () =>
      byValue("add", {
        keyPackage: (await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("new") })).keyPackage,
      });
    const removes = [
      byValue("remove", { removedId: Buffer.from("c1") }),
      byValue("remove", { removedId: Buffer.from("c2") }),
    ];
    // Refilling the removed leaves: the path would go to the removed members' keys.
    await expectStatus(
      c.call("commit", { stateId: alice!.stateId, byValue: [...removes, await fresh()] }),
      status.UNIMPLEMENTED,
      "Commit",
      /#path-to-new-members/,
    );
    // A third add lands in a leaf that was blank: ts-mls itself throws.
    await expectStatus(
      c.call("commit", { stateId: alice!.stateId, byValue: [...removes, await fresh(), await fresh(), await fresh()] }),
      status.UNIMPLEMENTED,
      "Commit",
      /#path-to-new-members/,
    );
    await expectStatus(
      c.call("commit", {
        stateId: alice!.stateId,
        byValue: [...removes, byValue("groupContextExtensions", { extensions: [] })],
      }),
      status.UNIMPLEMENTED,
      "Commit",
      /#gce-path-context/,
    );
    await commit(run, alice!, { byValue: removes }, [bob!]);
  });

  test("external join with PSKs is UNIMPLEMENTED", async () => {
    const [alice, bob] = members("alice", "bob");
    await createGroup(run, alice!, []);
    const gi = await c.call("groupInfo", { stateId: alice!.stateId });
    await expectStatus(
      c.call("externalJoin", {
        groupInfo: gi.groupInfo,
        identity: bob!.identity,
        psks: [{ pskId: Buffer.from("p"), pskSecret: Buffer.alloc(32) }],
      }),
      status.UNIMPLEMENTED,
      "ExternalJoin",
      /KNOWN-ISSUES\.md#external-join-psks/,
    );
  });

  test("joining a reinit with required_capabilities is UNIMPLEMENTED", async () => {
    const [alice, bob] = members("alice", "bob");
    await createGroup(run, alice!, [bob!]);
    const proposal = await c.call("reInitProposal", {
      stateId: alice!.stateId,
      cipherSuite: 1,
      groupId: Buffer.from("rc"),
      extensions: [{ extensionType: 3, extensionData: Buffer.from("AAAA", "base64") }],
    });
    const created = await c.call("reInitCommit", { stateId: alice!.stateId, byReference: [proposal.proposal] });
    const committer = await c.call("handlePendingReInitCommit", { stateId: alice!.stateId });
    const member = await c.call("handleReInitCommit", {
      stateId: bob!.stateId,
      proposal: [proposal.proposal],
      commit: created.commit,
    });
    const welcome = await c.call("reInitWelcome", { reinitId: committer.reinitId, keyPackage: [member.keyPackage] });
    await expectStatus(
      c.call("handleReInitWelcome", { reinitId: member.reinitId, welcome: welcome.welcome }),
      status.UNIMPLEMENTED,
      "HandleReInitWelcome",
      /KNOWN-ISSUES\.md#reinit-required-capabilities/,
    );
  });
});
