// Every vector file under ../shared through its verifier, with the
// expected failures CI accepts: the same check as
// `mls-interop vectors --expected-failures configs/expected-failures/vectors.json`.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { assertCodecMatches } from "../ts-mls/rfc-codecs/active.js";
import { readExpectedFailures } from "./expected-failures.js";
import { findVectorFiles } from "./loader.js";
import { consoleTable } from "./console-table.js";
import { runVectors, runSucceeded } from "./run.js";
import { defaultSharedCandidates, findSharedDir, projectRootOf } from "./shared-dir.js";

const dir = findSharedDir();

test("working-group vectors under ../shared", async (t) => {
  if (dir === undefined) {
    t.skip(`../shared not found: no test-vectors/ or interop/passive/ in ${defaultSharedCandidates().join(" or ")}`);
    return;
  }
  assertCodecMatches("rfc"); // the vectors run through the server's code in its default mode
  const expectedFailures = readExpectedFailures(join(projectRootOf(), "configs", "expected-failures", "vectors.json"));
  const files = findVectorFiles(dir);
  assert.ok(files.length > 0, `no vector files in ${dir}`);
  const result = await runVectors(dir, files, { expectedFailures, jobs: availableParallelism() });
  const table = consoleTable(result);
  t.diagnostic(table);
  assert.ok(runSucceeded(result), `vector failures (see mls-interop vectors --report):\n${table}`);
  assert.deepEqual(
    result.unusedExpectedFailures,
    [],
    "configs/expected-failures/vectors.json lists cases that do not exist",
  );
});
