// docker/k8s/*.yaml, checked without a cluster: each object against the
// Kubernetes API's own schemas (kubernetes-models, generated from the
// API's OpenAPI document and shipped in the package: types, required
// fields, enums, formats), and against its TypeScript types, which also
// flag a field the API does not have (the schemas let unknown fields
// through, a cluster's strict validation does not). Then what the plan
// needs: an Indexed Job whose completion index is the shard, sidecars on
// the ports configs/stacks/kubernetes.json names, the merge on the same claim.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { parseStacks } from "../cross/stacks.js";
import { repoRoot } from "../testing/paths.js";

type Json = Record<string, unknown>;

const manifests = ["interop-matrix.yaml", "merge-job.yaml"].map((name) => {
  const path = join(repoRoot, "docker", "k8s", name);
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  for (const doc of docs) assert.deepEqual(doc.errors, [], name);
  return { name, path, objects: docs.map((d) => d.toJS() as Json) };
});

/** The model module and type of each kind the manifests use. */
const models: Record<string, { module: string; type: string }> = {
  "batch/v1 Job": { module: "kubernetes-models/batch/v1/Job", type: "IJob" },
  "v1 PersistentVolumeClaim": { module: "kubernetes-models/v1/PersistentVolumeClaim", type: "IPersistentVolumeClaim" },
};
const kindOf = (o: Json) => `${String(o.apiVersion)} ${String(o.kind)}`;

/** TypeScript's excess-property check over each object as the model's type: fields the API lacks. */
function unknownFields(objects: Array<{ where: string; object: Json }>): string[] {
  const source = objects
    .map(({ object }, i) => {
      const model = models[kindOf(object)]!;
      return `import type { ${model.type} as T${i} } from "${model.module}";\nexport const o${i}: T${i} = ${JSON.stringify(object)};`;
    })
    .join("\n");
  const name = join(repoRoot, "k8s-manifests-check.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === name ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === name || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v) => (f === name ? ts.createSourceFile(f, source, v) : getSource(f, v));
  const program = ts.createProgram([name], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0] ?? "");
}

const job = manifests[0]!.objects.find((o) => o.kind === "Job") as Json;
const spec = job.spec as Json;
const pod = (spec.template as Json).spec as Json;
const runner = (pod.containers as Json[])[0] as Json;
const sidecars = pod.initContainers as Json[];

describe("docker/k8s manifests", () => {
  test("every object is valid against the Kubernetes API's schemas", async () => {
    for (const { name, objects } of manifests)
      for (const object of objects) {
        const model = models[kindOf(object)];
        assert.ok(model !== undefined, `${name}: ${kindOf(object)} is not a kind this test knows`);
        const Model = (await import(model.module)) as Record<string, new (o: Json) => { validate(): void }>;
        const Class = Model[String(object.kind)]!;
        assert.doesNotThrow(() => new Class(object).validate(), `${name}: ${kindOf(object)}`);
      }
  });

  test("the schemas catch a mistake (the check is not empty)", async () => {
    const { Job } = await import("kubernetes-models/batch/v1/Job");
    const broken = structuredClone(job);
    (broken.spec as Json).completionMode = "Indxed";
    assert.throws(() => new Job(broken).validate(), /completionMode must be equal to one of the allowed values/);
  });

  test("no field the API does not have (TypeScript's excess-property check against the models' types)", () => {
    const all = manifests.flatMap(({ name, objects }) => objects.map((object) => ({ where: name, object })));
    // One program for speed: the manifests and, last, a copy with a misspelt field, its one finding.
    const typo = structuredClone(job);
    ((typo.spec as Json).template as Json).spec = { ...pod, restartPolicyy: "Never" };
    const found = unknownFields([...all, { where: "typo", object: typo }]);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0] ?? "", /'"?restartPolicyy"?' does not exist in type 'IPodSpec'/);
  });

  test("an Indexed Job: pod I plays shard I+1 of N over every combination, N the completions", () => {
    assert.equal(spec.completionMode, "Indexed");
    assert.equal(spec.parallelism, spec.completions);
    const env = Object.fromEntries((runner.env as Json[]).map((e) => [e.name, e.value]));
    assert.equal(env.SHARDS, String(spec.completions));
    const command = [...(runner.command as string[]), ...(runner.args as string[])].join(" ");
    assert.match(command, /node dist\/src\/cli\/main\.js cross /);
    assert.match(command, /--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/\$SHARDS"/);
    assert.match(command, /--results "\/results\/shard-\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)"/);
    assert.match(command, /--lanes 1\b/, "sidecars are shared by the work items: one at a time");
    assert.doesNotMatch(command, /--pair/);
  });

  test("each stack of configs/stacks/kubernetes.json but ours is a sidecar on the port it names", () => {
    const command = (runner.args as string[]).join(" ");
    const stacksPath = /--stacks (\S+)/.exec(command)?.[1] ?? "";
    const stacks = parseStacks(stacksPath, readFileSync(join(repoRoot, stacksPath), "utf8")).stacks;
    assert.equal(stacks.find((s) => s.id === "ours")?.start?.command[1], "{root}/dist/src/cli/main.js");
    const ports = Object.fromEntries(sidecars.map((c) => [c.name, ((c.ports as Json[])[0] as Json).containerPort]));
    for (const s of stacks.filter((s) => s.id !== "ours")) {
      assert.equal(s.address, `{host}:${ports[s.id]}`, `${s.id}: a sidecar on its port`);
      const sidecar = sidecars.find((c) => c.name === s.id) as Json;
      assert.equal(sidecar.restartPolicy, "Always", `${s.id}: a native sidecar, so the pod completes with the runner`);
      assert.ok((sidecar.args as string[]).includes(String(ports[s.id])), `${s.id} is told its port`);
    }
    assert.deepEqual(
      sidecars.map((c) => c.name).sort(),
      stacks
        .filter((s) => s.id !== "ours")
        .map((s) => s.id)
        .sort(),
    );
  });

  test("the merge job merges every shard's folder on the same claim into the reports and the page", () => {
    const merge = manifests[1]!.objects[0] as Json;
    const mergePod = ((merge.spec as Json).template as Json).spec as Json;
    const args = (((mergePod.containers as Json[])[0] as Json).args as string[]).join(" ");
    assert.match(
      args,
      /node dist\/src\/cli\/main\.js merge \/results\/shard-\*\/ --out \/results\/merged --html \/results\/matrix\.html --partial/,
    );
    const claim = (p: Json) =>
      ((p.volumes as Json[]).find((v) => v.persistentVolumeClaim !== undefined)?.persistentVolumeClaim as Json)
        .claimName;
    assert.equal(claim(mergePod), claim(pod));
    assert.equal(claim(pod), (manifests[0]!.objects[0]!.metadata as Json).name);
  });
});
