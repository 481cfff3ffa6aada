import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { joinGroup } from "ts-mls";
import {
  add,
  bytes,
  commitPath,
  context,
  epochAuthenticator,
  externalPsk,
  group,
  groupContextExtensions,
  keyPackage,
  propose,
  receive,
  remove,
  requiredCapabilitiesExtension,
  updateLeaf,
} from "../known-issues/fixtures.js";
import { commitFrom, follow } from "./testing.js";

describe("commit builder: the UpdatePath", () => {
  test("force_path adds a path to a commit of Adds only, and ts-mls members follow it", async () => {
    const [alice, bob] = await group(["alice", "bob"]);
    const carol = await keyPackage("carol");
    const built = await commitFrom(alice, [add(carol.keyPackage)], { forcePath: true });
    const path = commitPath(built.commit);
    assert.ok(path !== undefined, "the forced path is on the wire");
    assert.ok(built.hasPath);
    // bob (ts-mls as released) and carol (from the Welcome) reach the committer's epoch.
    assert.equal(epochAuthenticator(await receive(bob, built.commit)), epochAuthenticator(built.newState));
    assert.ok(built.welcome?.wireformat === 3);
    const joined = await joinGroup({
      context: context(),
      welcome: built.welcome.welcome,
      keyPackage: carol.keyPackage,
      privateKeys: carol.privateKeys,
    });
    assert.equal(epochAuthenticator(joined), epochAuthenticator(built.newState));
  });

  test("no path where none is required or asked for", async () => {
    const [alice] = await group(["alice", "bob"]);
    const carol = await keyPackage("carol");
    assert.equal(commitPath((await commitFrom(alice, [add(carol.keyPackage)])).commit), undefined);
    const psk = bytes("psk");
    const pskCommit = await commitFrom(alice, [externalPsk(psk)], {
      psks: { [Buffer.from(psk).toString("base64")]: psk },
    });
    assert.equal(commitPath(pskCommit.commit), undefined);
  });

  test("RFC 9420 §12.4: one Remove, one Update, a GroupContextExtensions proposal or nothing at all need a path", async () => {
    const [alice, bob, charlie] = await group(["alice", "bob", "charlie"]);
    const cases = {
      "one Remove": [remove(2)],
      "a GroupContextExtensions proposal": [groupContextExtensions([requiredCapabilitiesExtension])],
      "no proposal": [],
    };
    for (const [name, proposals] of Object.entries(cases)) {
      const built = await commitFrom(alice, proposals);
      assert.ok(commitPath(built.commit) !== undefined, `${name}: path present`);
      assert.equal(epochAuthenticator(await follow(bob, built.commit)), epochAuthenticator(built.newState), name);
    }
    const update = await propose(bob, (await updateLeaf(bob)).proposal);
    const fromAlice = await commitFrom(await receive(alice, update.message));
    assert.ok(commitPath(fromAlice.commit) !== undefined, "one Update: path present");
    assert.equal(
      epochAuthenticator(await follow(charlie, update.message).then((c) => follow(c, fromAlice.commit))),
      epochAuthenticator(fromAlice.newState),
    );
  });

  test("no ciphertext for a leaf the commit fills with a new member; the others decrypt", async () => {
    const [alice, bob, c1, c2] = await group(["alice", "bob", "c1", "c2"]);
    void c1;
    void c2;
    const dave = await keyPackage("dave");
    // Both removed leaves blank node 5; dave refills leaf 2 below it.
    const built = await commitFrom(alice, [remove(2), remove(3), add(dave.keyPackage)]);
    const path = commitPath(built.commit);
    assert.ok(path !== undefined);
    assert.deepEqual(
      path.nodes.map((n) => n.encryptedPathSecret.length),
      [1, 0],
      "node 1 to bob; node 3 to nobody (dave gets it from the Welcome)",
    );
    assert.equal(epochAuthenticator(await follow(bob, built.commit)), epochAuthenticator(built.newState));
    assert.ok(built.welcome?.wireformat === 3);
    const joined = await joinGroup({
      context: context(),
      welcome: built.welcome.welcome,
      keyPackage: dave.keyPackage,
      privateKeys: dave.privateKeys,
    });
    assert.equal(epochAuthenticator(joined), epochAuthenticator(built.newState));
  });

  test("a new member in a leaf that was blank before the commit", async () => {
    const [alice, bob] = await group(["alice", "bob", "c1", "c2"]);
    const [d1, d2, d3] = await Promise.all(["d1", "d2", "d3"].map(keyPackage));
    const built = await commitFrom(alice, [
      remove(2),
      remove(3),
      add(d1!.keyPackage),
      add(d2!.keyPackage),
      add(d3!.keyPackage),
    ]);
    assert.equal(epochAuthenticator(await follow(bob, built.commit)), epochAuthenticator(built.newState));
  });
});

describe("commit builder: group context extensions", () => {
  test("an empty GroupContextExtensions list clears the extensions, for committer and member alike", async () => {
    const [alice, bob] = await group(["alice", "bob"], [requiredCapabilitiesExtension]);
    const built = await commitFrom(alice, [groupContextExtensions([])]);
    assert.deepEqual(built.newState.groupContext.extensions, []);
    const bobNext = await follow(bob, built.commit);
    assert.deepEqual(bobNext.groupContext.extensions, []);
    assert.equal(epochAuthenticator(bobNext), epochAuthenticator(built.newState));
  });

  test("a path under the new extensions: members decrypt it", async () => {
    const [alice, bob, charlie] = await group(["alice", "bob", "charlie"]);
    const built = await commitFrom(alice, [remove(2), groupContextExtensions([requiredCapabilitiesExtension])]);
    assert.equal(built.newState.groupContext.extensions.length, 1);
    void charlie;
    assert.equal(epochAuthenticator(await follow(bob, built.commit)), epochAuthenticator(built.newState));
  });
});
