// `npm run lint` as part of `npm test`, so CI fails on a lint error or an
// unformatted file like on any other test. The tools run from the project's
// own devDependencies, over sources, tests and the bench.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";

function tool(name: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join(repoRoot, "node_modules", ".bin", name), args, {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

test("eslint (recommended + typescript-eslint) finds nothing", () => {
  const { status, output } = tool("eslint", ["."]);
  assert.equal(status, 0, `eslint:\n${output}\n(run npx eslint . to see them)`);
});

test("prettier finds every file formatted", () => {
  const { status, output } = tool("prettier", ["--check", "."]);
  assert.equal(status, 0, `prettier:\n${output}\n(npm run format fixes them)`);
});
