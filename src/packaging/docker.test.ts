// docker/Dockerfile and docker/docker-compose.yml, checked without a Docker
// engine (none runs where these tests run): the Dockerfile by reading it, the
// compose file by docker-compose's own validation when it is installed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { defaultPort } from "../cli/serve.js";
import { repoRoot } from "../testing/paths.js";

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions per stage, with continuation lines joined and comments dropped. */
function stages(dockerfile: string): Instruction[][] {
  const joined = dockerfile
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  const result: Instruction[][] = [];
  for (const line of joined.split("\n")) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() };
    if (instruction.keyword === "FROM") result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const dockerfile = readFileSync(join(repoRoot, "docker", "Dockerfile"), "utf8");
const all = stages(dockerfile);
const final = all.at(-1) ?? [];
const args = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);

describe("docker/Dockerfile", () => {
  test("is multi-stage: a Node 20 build stage compiles, the final stage starts from Node 20 again", () => {
    assert.ok(all.length >= 2, "at least two stages");
    for (const stage of all) assert.match(args(stage, "FROM")[0] ?? "", /^node:20[-.\w]*slim\b/);
    const build = all.slice(0, -1).flat();
    assert.ok(
      args(build, "RUN").some((r) => /\bnpm ci\b/.test(r)),
      "the build stage installs with npm ci",
    );
    assert.ok(
      args(build, "RUN").some((r) => /\bnpm run build\b/.test(r)),
      "the build stage compiles",
    );
  });

  test("the final stage has production dependencies, compiled JavaScript, proto/ and configs/, and no sources", () => {
    const runs = args(final, "RUN");
    assert.ok(
      runs.some((r) => /\bnpm ci\b.*--omit=dev\b/.test(r)),
      "npm ci --omit=dev",
    );
    assert.ok(
      !runs.some((r) => /\bnpm (ci|install|i)\b/.test(r) && !/--omit=dev\b/.test(r)),
      "no install with dev dependencies",
    );
    const copies = args(final, "COPY");
    assert.ok(
      copies.some((c) => c.startsWith("--from=") && /\bdist\b/.test(c)),
      "dist/ comes from the build stage",
    );
    for (const needed of ["package.json", "proto/", "configs/"])
      assert.ok(
        copies.some((c) => c.split(/\s+/).includes(needed)),
        `${needed} is copied`,
      );
    assert.ok(!copies.some((c) => /(^|\s)(src\/|tsconfig\.json)/.test(c)), "no TypeScript sources in the final stage");
  });

  test("every file copied from the context exists and is not in .dockerignore", () => {
    const ignored = readFileSync(join(repoRoot, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim().replace(/\/$/, ""))
      .filter((l) => l !== "" && !l.startsWith("#"));
    for (const copy of all.flat().filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from="))) {
      const sources = copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith("--"))
        .slice(0, -1);
      for (const source of sources) {
        assert.ok(existsSync(join(repoRoot, source)), `COPY ${source}: not in the repository`);
        assert.ok(!ignored.includes(source.replace(/\/$/, "")), `COPY ${source}: excluded by .dockerignore`);
      }
    }
  });

  test("runs as a non-root user", () => {
    const user = args(final, "USER").at(-1);
    assert.ok(user !== undefined, "the final stage sets USER");
    assert.ok(!/^(root|0)(:|$)/.test(user), `USER ${user} is root`);
  });

  test(`listens on all interfaces and exposes the server's default port ${defaultPort}`, () => {
    assert.deepEqual(args(final, "EXPOSE"), [String(defaultPort)]);
    const command = [...args(final, "ENTRYPOINT"), ...args(final, "CMD")].join(" ");
    assert.match(command, /"serve"/);
    assert.match(command, /"--host",\s*"0\.0\.0\.0"/);
  });

  test("has a HEALTHCHECK that asks our health command on the default port", () => {
    const healthcheck = args(final, "HEALTHCHECK");
    assert.equal(healthcheck.length, 1);
    assert.match(healthcheck[0]!, /"health"/);
    assert.match(healthcheck[0]!, new RegExp(`127\\.0\\.0\\.1:${defaultPort}\\b`));
  });
});

const composeFile = join(repoRoot, "docker", "docker-compose.yml");
const hasCompose = spawnSync("docker-compose", ["version"], { stdio: "ignore" }).status === 0;

describe("docker/docker-compose.yml", () => {
  test(
    "is valid for docker-compose, with CONFIG_RUN picking the config of both runners",
    { skip: hasCompose ? false : "docker-compose is not installed (.ci/run installs it)" },
    () => {
      const images = {
        OPENMLS_IMAGE: "registry.example.org/openmls:1",
        MLSPP_IMAGE: "registry.example.org/mlspp:1",
        TEST_RUNNER_IMAGE: "registry.example.org/test-runner:1",
      };
      const result = spawnSync("docker-compose", ["-f", composeFile, "config"], {
        encoding: "utf8",
        env: { ...process.env, CONFIG_RUN: "commit.json", ...images },
      });
      assert.equal(result.status, 0, result.stderr);
      const config = result.stdout;
      for (const service of ["ts-mls", "openmls", "mlspp", "test-runner", "ts-runner"])
        assert.match(config, new RegExp(`^  ${service}:$`, "m"), `service ${service}`);
      for (const image of Object.values(images))
        assert.match(config, new RegExp(`image: ${image.replaceAll(".", "\\.")}`));
      assert.match(config, /-config=\/wg-configs\/commit\.json/, "the official runner plays CONFIG_RUN");
      assert.match(config, /\/wg-configs\/commit\.json/, "our runner plays CONFIG_RUN");
      assert.match(
        config,
        new RegExp(`127\\.0\\.0\\.1:${defaultPort}:${defaultPort}/tcp`),
        "our port, on loopback only",
      );
      assert.match(config, /ts-mls:50053/, "the runners reach our server by its service name");
    },
  );

  test("builds ours alone: the other stacks and the Go runner are images named by the user, never built here", () => {
    const text = readFileSync(composeFile, "utf8");
    const contexts = [...text.matchAll(/^\s+context: (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(contexts, [".."], "the one build context is this repository");
    assert.doesNotMatch(text, /github\.com|\.git#/, "no remote build context");
    for (const name of ["OPENMLS_IMAGE", "MLSPP_IMAGE", "TEST_RUNNER_IMAGE"])
      assert.match(text, new RegExp(`image: "\\$\\{${name}:\\?`), `${name} is required`);
  });

  test("defaults CONFIG_RUN to the working group's default, welcome_join.json", () => {
    const text = readFileSync(composeFile, "utf8");
    const defaults = [...text.matchAll(/\$\{CONFIG_RUN:-([^}]+)\}/g)].map((m) => m[1]);
    assert.ok(defaults.length >= 2, "both runners use CONFIG_RUN");
    assert.deepEqual(new Set(defaults), new Set(["welcome_join.json"]));
  });
});
