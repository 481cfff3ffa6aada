import assert from "node:assert/strict";
import { test } from "node:test";
import { CROSS_REPLAY, keptOptions, replayCommand, replayOf, shellWord } from "./replay.js";

const spec = {
  stacks: { type: "string" },
  config: { type: "string" },
  script: { type: "string" },
  "skip-go": { type: "boolean" },
  private: { type: "boolean" },
} as const;

test("only the options that say where and how to play are kept, with their values", () => {
  const args = ["--stacks", "s.json", "--script", "a", "--private", "--config=c/", "--skip-go", "--config", "d"];
  assert.deepEqual(keptOptions(args, spec, ["stacks", "config", "skip-go"]), [
    "--stacks",
    "s.json",
    "--config=c/",
    "--skip-go",
    "--config",
    "d",
  ]);
  // A value that looks like an option's name is still the value.
  assert.deepEqual(keptOptions(["--script", "--stacks", "--stacks", "x"], spec, ["stacks"]), ["--stacks", "x"]);
});

test("words a shell would split or expand are quoted", () => {
  assert.equal(shellWord("commit.json/add"), "commit.json/add");
  assert.equal(shellWord("alice=s1,bob=s2"), "alice=s1,bob=s2");
  assert.equal(shellWord("my configs"), "'my configs'");
  assert.equal(shellWord("it's $HOME"), `'it'\\''s $HOME'`);
});

test("a failing run's command names its pair, script, suite, mode and every actor's stack", () => {
  const actors = { bob: "mlspp", alice: "ours" };
  assert.equal(
    replayCommand(CROSS_REPLAY, ["ours", "mlspp"], "commit.json/add", "suite 2 public", actors),
    "mls-interop cross --pair ours:mlspp --script commit.json/add --suite 2 --public --assignment alice=ours,bob=mlspp",
  );
  // A stack alone has one run per script, suite and mode: no assignment to name.
  assert.equal(
    replayCommand(CROSS_REPLAY, ["mlspp"], "commit.json/add", "suite 1 private", { alice: "mlspp", bob: "mlspp" }),
    "mls-interop cross --pair mlspp --script commit.json/add --suite 1 --private",
  );
  // run and selftest play their one combination, by label.
  const run = replayOf(
    "run",
    ["--client", "a:1", "--client", "b:2", "--out", "r.json", "--private"],
    {
      client: { type: "string" },
      out: { type: "string" },
      private: { type: "boolean" },
    },
    ["client"],
  );
  assert.equal(
    replayCommand(run, ["s1", "s2"], "c.json/x", "suite 1 private", { alice: "s2", bob: "s1" }),
    "mls-interop run --client a:1 --client b:2 --script c.json/x --suite 1 --private --assignment alice=s2,bob=s1",
  );
});
