import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findVectorFiles, readVectorArray } from "./loader.js";
import { recognise, recogniseByFields, unverifiedTypes, verifierByName, verifiers } from "./registry.js";
import { runVectors } from "./run.js";
import { defaultSharedCandidates, findSharedDir } from "./shared-dir.js";
import { twoLeaves } from "./testing/tree-math-cases.js";

/** A case holding just these fields (values do not matter for recognition). */
const caseWith = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, "00"]));

function verifierOf(name: string, cases: unknown[]): string {
  const r = recognise(name, cases);
  return "verifier" in r ? r.verifier.name : `reason: ${r.reason}`;
}

test("a case with exactly the fields of a kind is that kind, whatever the file is called", () => {
  for (const v of verifiers) assert.equal(verifierOf("test-vectors/renamed.json", [caseWith(v.fields)]), v.name);
  for (const u of unverifiedTypes) {
    const r = recognise("test-vectors/renamed.json", [caseWith(u.fields)]);
    assert.ok("reason" in r && r.reason.startsWith(`no verifier for ${u.name} vectors: `), JSON.stringify(r));
  }
});

test("extra fields do not hide a kind; the most specific kind wins", () => {
  const passive = verifiers.find((v) => v.name === "passive-client")!;
  assert.equal(verifierOf("x.json", [{ ...caseWith(passive.fields), ratchet_tree: null, comment: "x" }]), passive.name);
  const treeValidation = verifiers.find((v) => v.name === "tree-validation")!;
  // Its fields include those of the retired parent-hash vectors.
  assert.equal(verifierOf("x.json", [caseWith(treeValidation.fields)]), "tree-validation");
});

test("a file whose first case does not tell falls back to the working group's file name", () => {
  const { n_leaves: _, ...noLeaves } = twoLeaves;
  assert.equal(verifierOf("test-vectors/tree-math.json", [noLeaves]), "tree-math");
  assert.equal(verifierOf("interop/passive/commit.json", []), "passive-client");
  assert.equal(verifierOf("test-vectors/passive-client-random.json", [42]), "passive-client");
  assert.equal(recogniseByFields([noLeaves]), undefined);
  assert.equal(verifierByName("elsewhere/psk_secret.json")?.name, "psk-secret");
});

test("an unknown file is skipped with what its cases hold and the closest kind", () => {
  assert.equal(verifierOf("x.json", []), "reason: no verifier: the file has no cases to recognise it by");
  assert.equal(verifierOf("x.json", ["00"]), "reason: no verifier: its first case is not a JSON object");
  const passive = verifiers.find((v) => v.name === "passive-client")!;
  const almost = caseWith(passive.fields.filter((f) => f !== "init_priv" && f !== "epochs"));
  assert.equal(
    verifierOf("x.json", [almost]),
    `reason: no verifier: no kind of vector we know has cases with the fields ${Object.keys(almost).join(", ")}; ` +
      "closest: passive-client, whose cases also have init_priv, epochs",
  );
  assert.match(verifierOf("x.json", [{ a: 1 }]), /^reason: no verifier: .* the fields a$/);
});

/** Runs `cases` as test-vectors/`name` of a fresh folder: the verifier chosen and each case's status. */
async function runAs(name: string, cases: unknown[]): Promise<[string | undefined, string[]]> {
  const dir = mkdtempSync(join(tmpdir(), "vectors-registry-"));
  try {
    mkdirSync(join(dir, "test-vectors"));
    writeFileSync(join(dir, "test-vectors", name), JSON.stringify(cases));
    const [file] = (await runVectors(dir, findVectorFiles(dir))).files;
    return [file?.verifier, file?.cases.map((c) => c.status) ?? []];
  } finally {
    rmSync(dir, { recursive: true });
  }
}

test("a renamed tree-math file runs through tree-math", async () => {
  assert.deepEqual(await runAs("tree_math_v2.json", [twoLeaves]), ["tree-math", ["passed"]]);
});

const shared = findSharedDir();
const noShared = `../shared not found: no test-vectors/ or interop/passive/ in ${defaultSharedCandidates().join(" or ")}`;

test("every working-group file under ../shared is recognised by its fields as its name says", (t) => {
  if (shared === undefined) return t.skip(noShared);
  const files = findVectorFiles(shared);
  assert.ok(files.length > 0);
  for (const file of files) {
    const byFields = recogniseByFields(readVectorArray(file));
    assert.ok(byFields !== undefined && "verifier" in byFields, `${file.name}: not recognised by its fields`);
    assert.equal(byFields.verifier, verifierByName(file.name), file.name);
  }
});

test("a passive-client case under any name joins and follows its commits", async (t) => {
  if (shared === undefined) return t.skip(noShared);
  const source = join(shared, "test-vectors", "passive-client-welcome.json");
  const [first] = JSON.parse(readFileSync(source, "utf8")) as unknown[];
  assert.deepEqual(await runAs("from-another-stack.json", [first]), ["passive-client", ["passed"]]);
});
