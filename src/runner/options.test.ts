import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError, goStyleArgs, parse, sessionOptionSpec, sessionOptions } from "./options.js";

const defaults = { configs: ["config.json"], stdout: "json" as const };

function options(...args: string[]) {
  return sessionOptions(parse(args, sessionOptionSpec).values, defaults);
}

test("the Go runner's single-dash flags are accepted", () => {
  assert.deepEqual(goStyleArgs(["-client", "h:1", "-fail-fast", "-config=x.json", "--quiet", "-", "-5", "plain"]), [
    "--client",
    "h:1",
    "--fail-fast",
    "--config=x.json",
    "--quiet",
    "-",
    "-5",
    "plain",
  ]);
  const o = options("-config", "a.json", "-config", "dir", "-suite", "3", "-private", "-fail-fast", "-quiet");
  assert.deepEqual(o.configs, ["a.json", "dir"]);
  assert.equal(o.suite, 3);
  assert.deepEqual(o.encryptModes, [true]);
  assert.equal(o.failFast, true);
  assert.equal(o.quiet, true);
});

test("defaults: Go's config.json, both modes, 120 s per RPC, CPU count jobs", () => {
  const o = options();
  assert.deepEqual(o.configs, ["config.json"]);
  assert.deepEqual(o.encryptModes, [true, false]);
  assert.equal(o.timeoutMs, 120_000);
  assert.ok(o.jobs >= 1);
  assert.equal(o.seed, undefined);
  assert.equal(o.maxAssignments, 4096);
});

test("a command's own jobs default (selftest: four per server) gives way to --jobs", () => {
  const values = (...args: string[]) => parse(args, sessionOptionSpec).values;
  assert.equal(sessionOptions(values(), { ...defaults, jobs: 6 }).jobs, 6);
  assert.equal(sessionOptions(values("--jobs", "1"), { ...defaults, jobs: 6 }).jobs, 1);
});

test("--private and --public together mean both, as in the Go runner", () => {
  assert.deepEqual(options("--private", "--public").encryptModes, [true, false]);
  assert.deepEqual(options("--public").encryptModes, [false]);
});

test("--random draws a seed unless one is given", () => {
  assert.equal(options("--random", "--seed", "17").seed, 17);
  const drawn = options("--random").seed;
  assert.ok(drawn !== undefined && Number.isInteger(drawn));
});

test("bad values are usage errors", () => {
  for (const args of [
    ["--suite", "0"],
    ["--jobs", "two"],
    ["--timeout", "-1"],
    ["--shard", "3/2"],
    ["--seed", "1.5"],
    ["--nope"],
  ]) {
    assert.throws(() => options(...args), UsageError, args.join(" "));
  }
  assert.equal(options("--timeout", "0.25").timeoutMs, 250);
});
