// The serve command as operators meet it: what its logs hold, its on-demand
// handle counts, and flat memory over repeated interop sessions.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { test } from "node:test";
import { Actor, createGroup } from "../testing/scenario.js";
import { childServer, cliPath, type ChildServer } from "../testing/servers.js";
import { repoRoot, sharedDir, sharedMissing } from "../testing/paths.js";

/** Every secret a short session hands out, as the log could spell it. */
async function session(server: ChildServer): Promise<string[]> {
  const c = server.client;
  const kp = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("bob") });
  const pskSecret = Buffer.from("a PSK secret that must not be logged");
  await c.call("storePsk", { stateOrTransactionId: kp.transactionId, pskId: Buffer.from("psk"), pskSecret });
  const alice = new Actor("alice", c);
  await createGroup({ suite: 1, encrypt: true }, alice, [new Actor("carol", c)]);
  const exported = await c.call("export", {
    stateId: alice.stateId,
    label: "l",
    context: Buffer.alloc(0),
    keyLength: 32,
  });
  const auth = await c.call("stateAuth", { stateId: alice.stateId });
  const secrets = [
    kp.initPriv,
    kp.encryptionPriv,
    kp.signaturePriv,
    pskSecret,
    exported.exportedSecret,
    auth.stateAuthSecret,
  ];
  return secrets.flatMap((s) => [s.toString("hex"), s.toString("base64"), s.toString("base64").slice(0, 24)]);
}

async function logOf(server: ChildServer): Promise<string> {
  await server.stop();
  return server.output();
}

test("no private key or secret in the log at info or debug", async () => {
  for (const level of ["info", "debug"]) {
    const server = await childServer(["--log-level", level]);
    const secrets = await session(server);
    const log = await logOf(server);
    assert.match(log, /"rpc":"CreateKeyPackage"/, `the ${level} log has its per-RPC lines`);
    for (const secret of secrets) assert.ok(!log.includes(secret), `a secret appears in the ${level} log`);
  }
});

test("--log-secrets warns at start and then does log them", async () => {
  const server = await childServer(["--log-level", "debug", "--log-secrets"]);
  const secrets = await session(server);
  const log = await logOf(server);
  assert.match(log, /--log-secrets: private keys and secrets/);
  assert.ok(
    secrets.some((s) => log.includes(s)),
    "with --log-secrets the contents are logged",
  );
});

interface Stats {
  liveHandles: Record<string, number>;
  importedKeys: { private: number; public: number };
  cryptoFallbacks: Record<string, number>;
  cryptoRejections: Record<string, number>;
  heapUsedBytes: number;
}

/** SIGUSR2's line: live handles per kind, imported keys and the heap after a GC. */
async function stats(server: ChildServer): Promise<Stats> {
  const before = server.output().length;
  server.process.kill("SIGUSR2");
  for (let i = 0; i < 100; i++) {
    const line = server
      .output()
      .slice(before)
      .split("\n")
      .find((l) => l.includes('"msg":"live handles"'));
    if (line !== undefined) return JSON.parse(line);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no live handles line after SIGUSR2");
}

test("imported signature keys are held while handles are, and none once the last is freed", async () => {
  const server = await childServer(["--stats-interval", "0"]);
  try {
    const c = server.client;
    const alice = new Actor("alice", c);
    const bob = new Actor("bob", c);
    await createGroup({ suite: 1, encrypt: true }, alice, [bob]);
    await c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from("hi") });
    const live = await stats(server);
    assert.deepEqual(live.liveHandles, { state: 2 });
    assert.ok(live.importedKeys.private >= 1, `no private key cached while a group is live: ${JSON.stringify(live)}`);
    // No public key need be: every signature here is this server's own, known to verify (verified-signatures.ts).
    await c.call("free", { stateId: alice.stateId });
    assert.ok((await stats(server)).importedKeys.private >= 1, "bob's state still holds its key");
    await c.call("free", { stateId: bob.stateId });
    const freed = await stats(server);
    assert.deepEqual(freed.liveHandles, {});
    assert.deepEqual(freed.importedKeys, { private: 0, public: 0 });
    assert.deepEqual(freed.cryptoFallbacks, {}, "nothing in a passing session went to the library's crypto");
    assert.deepEqual(freed.cryptoRejections, {}, "and nothing in it was rejected");
  } finally {
    await server.stop();
  }
});

async function runConfigs(address: string, configs: string, extra: string[]): Promise<void> {
  const child = spawn(
    process.execPath,
    [cliPath, "run", "--client", address, "--config", configs, "--quiet", "--out", "/dev/null", ...extra],
    {
      stdio: "ignore",
    },
  );
  const code = await new Promise((done) => child.once("exit", done));
  assert.equal(code, 0, `run over ${configs} failed`);
}

test(
  "two interop sessions leave no handles and the heap where the first left it",
  { skip: sharedMissing("interop/configs") },
  async () => {
    const server = await childServer(["--stats-interval", "0"], ["--expose-gc"]);
    try {
      const configs = resolve(sharedDir, "interop/configs");
      const args = [
        "--suite",
        "1",
        "--random",
        "--seed",
        "5",
        "--expected-failures",
        resolve(repoRoot, "configs/expected-failures/interop.json"),
      ];
      await runConfigs(server.address, configs, args);
      const first = await stats(server);
      assert.deepEqual(first.liveHandles, {}, "handles left after the first session");
      assert.deepEqual(first.importedKeys, { private: 0, public: 0 }, "imported keys left after the first session");
      await runConfigs(server.address, configs, args);
      const second = await stats(server);
      assert.deepEqual(second.liveHandles, {}, "handles left after the second session");
      const growth = second.heapUsedBytes - first.heapUsedBytes;
      assert.ok(growth < 8 * 1024 * 1024, `heap grew by ${(growth / 1048576).toFixed(1)} MiB over a repeated session`);
    } finally {
      await server.stop();
    }
  },
);
