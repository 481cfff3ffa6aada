// src/gen must be what `npm run proto` makes of proto/ today: regenerate
// into a temporary folder and compare.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";

const buf = resolve(repoRoot, "node_modules/.bin/buf");

test(
  "committed generated code is up to date with proto/",
  { skip: existsSync(buf) ? undefined : "buf CLI not installed (dev dependency)" },
  () => {
    const out = mkdtempSync(join(tmpdir(), "mls-interop-gen-"));
    try {
      execFileSync(buf, ["generate", "proto", "--template", "proto/buf.gen.yaml", "--output", out], {
        cwd: repoRoot,
        stdio: "pipe",
        env: { ...process.env, PATH: `${resolve(repoRoot, "node_modules/.bin")}:${process.env.PATH}` },
      });
      const fresh = readFileSync(join(out, "src/gen/mls_client.ts"), "utf8");
      const committed = readFileSync(resolve(repoRoot, "src/gen/mls_client.ts"), "utf8");
      assert.ok(fresh === committed, "src/gen/mls_client.ts is stale: run `npm run proto` and commit the result");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);
