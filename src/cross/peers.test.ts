import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { builtAt, goRunner, missingMessage, missingParts, parseVersions, peerSpecs, sourceCommit } from "./peers.js";

const commit = (c: string) => c.repeat(40);

test("a missing peer is named with the shared build.sh command that builds it", () => {
  const peers = mkdtempSync(join(tmpdir(), "peers-test-"));
  const missing = missingParts(peers, peerSpecs["ts-mls-reference"], true);
  assert.deepEqual(
    missing.map((m) => m.buildTarget),
    ["runner", "tsmls"],
  );
  const text = missingMessage(peers, missing);
  assert.match(text, new RegExp(`PEERS=${peers} \\S*shared/peers/build\\.sh runner tsmls`));
  assert.match(text, /--build/);
  mkdirSync(join(peers, "bin"));
  writeFileSync(join(peers, "bin", "test-runner"), "");
  assert.deepEqual(
    missingParts(peers, peerSpecs.mlspp, true).map((m) => m.buildTarget),
    ["mlspp"],
  );
  assert.deepEqual(
    missingParts(peers, peerSpecs.mlspp, false).map((m) => m.what),
    ["MLSpp"],
  );
});

test("source commits come from build.sh's source-commit files, else from logs/versions.txt", () => {
  const peers = mkdtempSync(join(tmpdir(), "peers-test-"));
  assert.deepEqual(sourceCommit(peers, peerSpecs.mlspp), {});
  mkdirSync(join(peers, "logs"));
  writeFileSync(
    join(peers, "logs", "versions.txt"),
    `2026-11-27T18:03:25Z\nmlswg+mls-implementations    ${commit("a")}\ncisco+mlspp                  ${commit("b")}\ncmake 3.25.1-1\n`,
  );
  assert.equal(parseVersions(`cisco+mlspp ${commit("b")}\nnode v20`).get("cisco+mlspp"), commit("b"));
  assert.deepEqual(sourceCommit(peers, goRunner), { commit: commit("a"), from: "logs/versions.txt" });
  assert.equal(builtAt(peers), "2026-11-27T18:03:25Z");
  mkdirSync(join(peers, "mlspp"));
  writeFileSync(join(peers, "mlspp", "source-commit"), `${commit("c")}\n`);
  assert.deepEqual(sourceCommit(peers, peerSpecs.mlspp), { commit: commit("c"), from: "mlspp/source-commit" });
});
