// KNOWN-ISSUES.md#force-path
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit } from "ts-mls";
import { add, commitPath, context, declaredMembers, fixedMessage, group, keyPackage } from "./fixtures.js";

const slug = "force-path";
const workaround =
  "src/protocol/commit-builder.ts (forcePath), and src/ts-mls/as-released-commit.ts (checkForcePath, as released)";

test("createCommit declares no option to ask for an UpdatePath", async () => {
  const options = await declaredMembers("createCommit.d.ts", "createCommit");
  assert.ok(options.includes("extraProposals"), "fixture: read createCommit's parameters");
  assert.deepEqual(
    options.filter((name) => /path/i.test(name)),
    [],
    fixedMessage(slug, workaround),
  );
});

test("a commit of Adds carries no path, whatever the caller wants (commit.json add, welcome_join with_path_secret)", async () => {
  const [alice] = await group(["alice", "bob"]);
  const charlie = await keyPackage("charlie");
  const result = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [add(charlie.keyPackage)],
    wireAsPublicMessage: true,
    ratchetTreeExtension: true,
  });
  assert.equal(commitPath(result.commit), undefined, fixedMessage(slug, workaround));
});
