import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseConfig } from "./config.js";
import { playRun } from "./engine.js";
import { startLocalServers, stopLocalServers } from "./local-servers.js";
import { buildMatrix } from "./matrix.js";
import { projectRoot } from "./project-root.js";
import { connectAll, replicaPlan } from "./server-plan.js";

const fixture = fileURLToPath(new URL("./testing/fake-serve-process.js", import.meta.url));

describe("local servers for selftest", () => {
  test("start on port 0, announce their address, serve replica runs across processes, and stop", async () => {
    const servers = await startLocalServers(3, [process.execPath, fixture]);
    try {
      assert.equal(new Set(servers.map((s) => s.address)).size, 3);
      const { connections, identities } = await connectAll(
        servers.map((s) => s.address),
        2000,
      );
      const plan = replicaPlan(connections, identities, 2);
      assert.deepEqual(plan.matrix, [
        { label: "s1", suites: [1, 2] },
        { label: "s2", suites: [1, 2] },
      ]);
      const { config } = parseConfig(
        "t.json",
        JSON.stringify({
          scripts: {
            s: [
              { action: "createGroup", actor: "alice", members: ["bob"] },
              { action: "fullCommit", actor: "bob", members: ["alice"] },
            ],
          },
        }),
      );
      assert.ok(config !== undefined);
      const { runs } = buildMatrix(config.scripts, plan.matrix, {
        encryptModes: [true, false],
        random: false,
        seed: 0,
        maxAssignments: 64,
      });
      assert.equal(runs.length, 2 * 2 * 4, "the matrix is built as if against two servers");
      const used = new Set<string>();
      for (const spec of runs) {
        const bindings = plan.bindingsFor(spec);
        const addresses = [...bindings.values()].map((b) => b.connection.address);
        if (spec.assignment[0] !== spec.assignment[1])
          assert.notEqual(addresses[0], addresses[1], "two matrix servers are two processes");
        addresses.forEach((a) => used.add(a));
        const record = await playRun(spec, bindings, { timeoutMs: 5000 });
        assert.equal(record.error, undefined);
      }
      assert.equal(used.size, 3, "runs are spread over every process");
      plan.close();
    } finally {
      await stopLocalServers(servers);
    }
    assert.ok(
      servers.every((s) => s.child.exitCode !== null || s.child.signalCode !== null),
      "all stopped",
    );
  });

  test("a server that exits or stays silent is reported with its output", async () => {
    await assert.rejects(
      startLocalServers(1, [process.execPath, "-e", "console.error('no key'); process.exit(3)"]),
      /exited \(code 3\) before listening\n {2}no key/,
    );
    await assert.rejects(
      startLocalServers(1, [process.execPath, "-e", "setTimeout(() => {}, 60000)"], 300),
      /did not report "listening on HOST:PORT" within 0\.3 s/,
    );
  });
});

const serve = join(projectRoot(), "dist", "src", "cli", "serve.js");
const main = join(projectRoot(), "dist", "src", "cli", "main.js");

test(
  "selftest against our own server plays a small config end to end",
  { skip: existsSync(serve) ? false : `${serve} not built: no server to test against`, timeout: 180_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "selftest-"));
    const config = join(dir, "small.json");
    writeFileSync(
      config,
      JSON.stringify({
        scripts: {
          hello: [
            { action: "createGroup", actor: "alice", members: ["bob"] },
            { action: "protect", actor: "alice", authenticatedData: "ad", plaintext: "hello" },
            { action: "unprotect", actor: "bob", ciphertext: 1 },
          ],
        },
      }),
    );
    const out = join(dir, "results.json");
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          [main, "selftest", "--servers", "2", "--config", config, "--suite", "1", "--out", out],
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : (child.exitCode ?? 1), stdout, stderr }),
        );
      },
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\| small\.json\/hello \| ✅ 4\/4 \| ✅ 4\/4 \|/);
    const results = JSON.parse(readFileSync(out, "utf8")) as { scripts: { hello: { error?: string }[] } };
    assert.equal(results.scripts.hello.length, 8);
    assert.ok(results.scripts.hello.every((r) => r.error === undefined));
  },
);
