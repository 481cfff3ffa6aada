// The package `npm pack` makes, installed elsewhere as a user would install
// it: its command must work without tsx, sources, tests or this checkout.
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createInterface } from "node:readline";
import { checkHealth } from "../transport/health-client.js";
import { listServices } from "../testing/reflection-client.js";
import { repoRoot } from "../testing/paths.js";

const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

// `npm test` exports npm_* variables (the checkout's prefix among them) that
// would make the nested npm act on this checkout instead of the temporary folder.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));

function npm(args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync("npm", args, { encoding: "utf8", env, ...options });
  assert.equal(result.status, 0, `npm ${args.join(" ")}:\n${String(result.stderr)}`);
  return String(result.stdout);
}

describe("the packed package, installed in a temporary folder", { timeout: 10 * 60_000 }, () => {
  let work = "";
  let files: string[] = [];
  let bin = "";
  const run = (...args: string[]) => spawnSync(bin, args, { encoding: "utf8", env, timeout: 60_000 });

  before(() => {
    work = mkdtempSync(join(tmpdir(), "mls-interop-pack-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", work], { cwd: repoRoot })) as [
      { filename: string; files: { path: string }[] },
    ];
    files = packed[0].files.map((f) => f.path);
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    // The registry is reachable where tests run; the cache usually has every dependency already.
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed[0].filename)], {
      cwd: project,
      timeout: 8 * 60_000,
    });
    bin = join(project, "node_modules", ".bin", "mls-interop");
  });
  after(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  test("holds the compiled command and proto/, and neither tests nor test helpers", () => {
    assert.ok(files.includes("dist/src/cli/main.js"));
    assert.ok(files.includes("proto/mls_client.proto"), "reflection reads proto/ at run time");
    assert.deepEqual(
      files.filter((f) => /\.test\.js$|\/testing\/|\.ts$/.test(f)),
      [],
    );
  });

  test("mls-interop --version prints the package version", () => {
    const result = run("--version");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), version);
  });

  test("every subcommand has --help", () => {
    const top = run("--help");
    assert.equal(top.status, 0, top.stderr);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    assert.ok(commands.includes("serve") && commands.includes("health"), top.stdout);
    for (const command of commands) {
      const help = run(command, "--help");
      assert.equal(help.status, 0, `${command} --help: ${help.stderr}`);
      assert.match(help.stdout, new RegExp(`^usage: mls-interop ${command}\\b`), `${command} --help`);
    }
  });

  test("serve --port 0 prints the listening line, answers health and reflection, and stops on SIGTERM", async () => {
    const child = spawn(bin, ["serve", "--port", "0"], { env, stdio: ["ignore", "ignore", "pipe"] });
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      let address = "";
      for await (const line of createInterface({ input: child.stderr! })) {
        const match = /listening on (\S+:\d+)/.exec(line);
        if (match !== null) {
          address = match[1]!;
          break;
        }
      }
      assert.notEqual(address, "", "no listening line");
      child.stderr!.resume();
      assert.equal(await checkHealth(address), "SERVING");
      assert.ok((await listServices(address)).includes("mls_client.MLSClient"));
      child.kill("SIGTERM");
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
