import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { actions } from "./actions/index.js";
import { loadConfigs, parseConfig } from "./config.js";
import { rpcName } from "./connection.js";
import * as pb from "../gen/mls_client.js";
import { projectRoot, sharedDir } from "./project-root.js";

function check(scripts: unknown, extra: Record<string, unknown> = {}) {
  const { config, issues } = parseConfig("t.json", JSON.stringify({ scripts, ...extra }));
  return {
    config,
    errors: issues.filter((i) => i.severity === "error").map((i) => i.text),
    warnings: issues.filter((i) => i.severity === "warning").map((i) => i.text),
  };
}

const group = { action: "createGroup", actor: "alice", members: ["bob"] };

function oneError(scripts: unknown, pattern: RegExp): void {
  const { errors, config } = check(scripts);
  assert.equal(config, undefined, "a config with errors is rejected");
  assert.equal(errors.length, 1, `expected one error, got ${JSON.stringify(errors)}`);
  assert.match(errors[0] ?? "", pattern);
}

describe("config validation errors", () => {
  test("unknown action names file, script and step", () => {
    oneError(
      { s: [group, { action: "frobnicate", actor: "alice" }] },
      /^t\.json: script "s": step 1 \(frobnicate\): unknown action "frobnicate"/,
    );
  });

  test("missing action and non-object steps", () => {
    oneError({ s: [{ actor: "alice" }] }, /step 0: missing action/);
    oneError({ s: [group, 7] }, /step 1: must be a JSON object, got 7/);
  });

  test("step reference out of range", () => {
    oneError(
      { s: [group, { action: "unprotect", actor: "bob", ciphertext: 9 }] },
      /step 1 \(unprotect\): ciphertext: refers to step 9, which is out of range \(the script has 2 steps\)/,
    );
  });

  test("step reference pointing forward or at itself", () => {
    oneError(
      {
        s: [
          group,
          { action: "unprotect", actor: "bob", ciphertext: 2 },
          { action: "protect", actor: "alice", plaintext: "x" },
        ],
      },
      /step 1 \(unprotect\): ciphertext: refers to step 2, which does not come before this step/,
    );
    oneError(
      { s: [group, { action: "joinGroup", actor: "bob", welcome: 1 }] },
      /welcome: refers to step 1, which does not come before/,
    );
  });

  test("step reference at a step without that output", () => {
    oneError(
      { s: [group, { action: "addProposal", actor: "alice", keyPackage: 0 }] },
      /step 1 \(addProposal\): keyPackage: refers to step 0 \(createGroup\), which has no "key_package" output \(it stores group_id\)/,
    );
    // fullCommit stores ratchet_tree only with external_tree, so nothing can need it; but byReference needs proposals.
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", members: ["bob"], byReference: [0] }] },
      /byReference\[0\]: refers to step 0 \(createGroup\), which has no "proposal" output/,
    );
  });

  test("step references inside byValue descriptions are checked too", () => {
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", byValue: [{ proposalType: "externalPSK", pskID: 0 }] }] },
      /byValue\[0\]\.pskID: refers to step 0 \(createGroup\), which has no "psk_id" output/,
    );
  });

  test("missing parameters and actors", () => {
    oneError(
      { s: [group, { action: "addProposal", actor: "alice" }] },
      /step 1 \(addProposal\): keyPackage: missing parameter/,
    );
    oneError({ s: [group, { action: "updateProposal" }] }, /step 1 \(updateProposal\): missing actor/);
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", byValue: [{ proposalType: "add" }] }] },
      /byValue\[0\]\.keyPackage: missing parameter/,
    );
    oneError(
      { s: [group, { action: "reinit", committer: "alice", welcomer: "bob" }] },
      /step 1 \(reinit\): proposer: a reinit needs a proposer or an externalReinitProposal step/,
    );
  });

  test("names that are not actors of the script", () => {
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", members: ["bob", "zoe"] }] },
      /members\[1\]: "zoe" is not an actor of this script \(actors: alice, bob\)/,
    );
  });

  test("wrongly typed values", () => {
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", force_path: "yes" }] },
      /force_path: must be true or false, got "yes"/,
    );
    oneError(
      { s: [group, { action: "resumptionPSKProposal", actor: "alice", epochID: -1 }] },
      /epochID: must be a non-negative integer/,
    );
    oneError(
      {
        s: [
          group,
          {
            action: "groupContextExtensionsProposal",
            actor: "alice",
            extensions: [{ extension_type: 3, extension_data: "not base64!" }],
          },
        ],
      },
      /extensions\[0\]\.extension_data: must be standard base64/,
    );
    oneError(
      { s: [group, { action: "fullCommit", actor: "alice", byValue: [{ proposalType: "merge" }] }] },
      /byValue\[0\]\.proposalType: unknown proposal type "merge"/,
    );
  });

  test("reinits need step 0 to be the createGroup", () => {
    oneError(
      {
        s: [
          { action: "createKeyPackage", actor: "alice" },
          group,
          { action: "reinit", proposer: "alice", committer: "alice", welcomer: "alice" },
        ],
      },
      /step 2 \(reinit\): reinit: a reinit derives its group id from step 0, which must be a createGroup/,
    );
  });

  test("not JSON, no scripts", () => {
    assert.match(parseConfig("x.json", "{").issues[0]?.text ?? "", /^x\.json: not valid JSON/);
    assert.match(parseConfig("x.json", "{}").issues[0]?.text ?? "", /"scripts" must be an object/);
  });
});

describe("config validation warnings", () => {
  test("unknown keys are warnings that point at the spelling the action uses", () => {
    const { config, errors, warnings } = check({
      s: [group, { action: "branch", actor: "alice", members: ["bob"], externalTree: true, colour: "red" }],
    });
    assert.deepEqual(errors, []);
    assert.ok(config !== undefined);
    assert.deepEqual(warnings, [
      't.json: script "s": step 1 (branch): externalTree: unknown key is ignored, as the official runner ignores it (this action spells it "external_tree")',
      't.json: script "s": step 1 (branch): colour: unknown key is ignored, as the official runner ignores it',
    ]);
  });

  test("top-level keys, keys of other proposal types, ignored externalReinitProposal", () => {
    const { errors, warnings } = check(
      {
        s: [
          group,
          { action: "fullCommit", actor: "alice", byValue: [{ proposalType: "remove", removed: "bob", epochID: 3 }] },
          { action: "addExternalSigner", actor: "alice", signer: "ds" },
          { action: "reinit", proposer: "alice", externalReinitProposal: 2, committer: "alice", welcomer: "alice" },
        ],
      },
      { mode: "random" },
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, [
      't.json: unknown top-level key "mode" is ignored',
      't.json: script "s": step 1 (fullCommit): byValue[0].epochID: is ignored for proposalType "remove"',
      't.json: script "s": step 3 (reinit): externalReinitProposal: is ignored because proposer is set',
    ]);
  });

  test("our extension actions are flagged once per file", () => {
    const { errors, warnings } = check({
      s: [
        group,
        { action: "stateAuth", actor: "alice", members: ["bob"] },
        { action: "export", actor: "bob", label: "l", length: 8 },
      ],
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, ["t.json: uses runner extensions the official Go runner rejects: stateAuth, export"]);
  });
});

describe("config decoding like Go", () => {
  test("keys match case-insensitively: changeCiphersuite reaches changeCipherSuite", () => {
    const { config, errors, warnings } = check({
      s: [
        group,
        {
          action: "reinit",
          proposer: "alice",
          committer: "alice",
          welcomer: "bob",
          changeCiphersuite: true,
          ChangeGroupId: true,
          MEMBERS: [],
        },
      ],
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    const params = config?.scripts[0]?.steps[1]?.params;
    assert.equal(params?.changeCipherSuite, true);
    assert.equal(params?.changeGroupID, true);
  });

  test("underscores are not folded: forcePath is not force_path", () => {
    const { config, warnings } = check({ s: [group, { action: "fullCommit", actor: "alice", forcePath: true }] });
    assert.equal(config?.scripts[0]?.steps[1]?.params.force_path, false);
    assert.equal(warnings.length, 1);
  });

  test("action and actor are exact, as in the Go runner's step decoder", () => {
    const { errors } = check({ s: [{ Action: "createGroup", actor: "alice" }] });
    assert.match(errors[0] ?? "", /missing action/);
  });

  test("absent and null values take Go's zero value", () => {
    const { config } = check({ s: [group, { action: "fullCommit", actor: "alice", members: null }] });
    assert.deepEqual(config?.scripts[0]?.steps[1]?.params.members, []);
    assert.deepEqual(config?.scripts[0]?.steps[1]?.params.byReference, []);
  });

  test("actors in order of first appearance, from every source the runner uses", () => {
    const { config } = check({
      s: [
        { action: "createGroup", actor: "alice", members: ["bob", "carol"] },
        { action: "externalJoin", actor: "carol", joiner: "dave" },
        { action: "newMemberAddProposal", actor: "alice", joiner: "erin" },
        { action: "addExternalSigner", actor: "bob", signer: "ds" },
        { action: "installExternalPSK", clients: ["alice"] },
      ],
    });
    assert.deepEqual(config?.scripts[0]?.actors, ["alice", "bob", "carol", "dave", "erin", "ds"]);
  });
});

describe("config files", () => {
  test("a folder's JSON lists are skipped with a warning; a named list is an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "configs-"));
    writeFileSync(join(dir, "a.json"), JSON.stringify({ scripts: { s: [{ action: "createGroup", actor: "alice" }] } }));
    writeFileSync(join(dir, "expected-failures.json"), "[]");
    const folder = loadConfigs([dir]);
    assert.deepEqual(
      folder.configs.map((c) => c.name),
      ["a.json"],
    );
    assert.deepEqual(
      folder.issues.map((i) => i.severity),
      ["warning"],
    );
    assert.match(folder.issues[0]?.text ?? "", /expected-failures\.json: skipped: a JSON list, not a config/);
    const named = loadConfigs([join(dir, "expected-failures.json")]);
    assert.equal(named.issues[0]?.severity, "error");
  });

  const official = join(sharedDir(), "interop", "configs");
  test(
    "the official configs validate with exactly the expected warnings",
    { skip: existsSync(official) ? false : `${official} not found: the working group's configs are absent` },
    () => {
      const { configs, issues } = loadConfigs([official]);
      assert.deepEqual(
        issues.map((i) => `${i.severity}: ${i.text}`),
        [
          'warning: branch.json: script "external_tree": step 1 (branch): externalTree: unknown key is ignored, as the official runner ignores it (this action spells it "external_tree")',
          'warning: branch.json: script "force_path": step 1 (branch): forcePath: unknown key is ignored, as the official runner ignores it (this action spells it "force_path")',
        ],
      );
      assert.equal(configs.length, readdirSync(official).filter((f) => f.endsWith(".json")).length);
    },
  );

  const ours = join(projectRoot(), "configs");
  test("every config in configs/ validates", () => {
    const { configs, issues } = loadConfigs([ours]);
    assert.ok(configs.length > 0, "configs/ has configs");
    const expected = /uses runner extensions the official Go runner rejects|skipped: a JSON list, not a config/;
    const unexpected = issues.filter((i) => !expected.test(i.text));
    assert.deepEqual(
      unexpected.map((i) => i.text),
      [],
    );
  });

  test("configs/ plays every action and reaches every MLSClient method", () => {
    const { configs } = loadConfigs([ours]);
    const steps = configs.flatMap((c) => c.scripts.flatMap((s) => s.steps));
    const used = new Set(steps.map((s) => s.action));
    assert.deepEqual(
      [...actions.keys()].filter((a) => !used.has(a)),
      [],
      "actions no config of ours plays",
    );
    // Name and SupportedCiphersuites are asked of every server before any run.
    const reached = new Set([
      "name",
      "supportedCiphersuites",
      ...[...used].flatMap((a) => actions.get(a)?.methods ?? []),
    ]);
    const all = Object.keys(pb.MLSClientService) as (keyof typeof pb.MLSClientService)[];
    assert.equal(all.length, 34);
    assert.deepEqual(all.filter((m) => !reached.has(m)).map(rpcName), [], "methods no config of ours reaches");
  });
});
