// The mode a process asks for and the codec its library runs with never
// disagree: servers refuse to start otherwise, with a message saying how to
// start them; worker threads of a process with the hook get it too.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { childServer, inProcessServer } from "../../testing/servers.js";
import { preloadModule } from "./locations.js";

const activeModule = new URL("./active.js", import.meta.url).href;
const registerModule = new URL("./register.js", import.meta.url).href;
const serverModule = new URL("../../transport/server.js", import.meta.url).href;

/** Runs an ES module snippet in a fresh node without the hook (unless `flags` add it); its stdout and stderr. */
function node(source: string, flags: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", source], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

test("in this rfc process an as-released server refuses to start", async () => {
  await assert.rejects(
    inProcessServer({ server: { mode: "as-released" } }),
    /as-released mode must run ts-mls's own codecs/,
  );
});

test("serve --as-released with the hook preloaded exits 1 saying why", async () => {
  await assert.rejects(
    childServer(["--as-released"], ["--import", preloadModule]),
    /exited with 1:[\s\S]*as-released mode must run ts-mls's own codecs/,
  );
});

test("without the hook, an rfc server refuses to start and says how to start it", () => {
  const { stdout } = node(`
    const { startServer } = await import(${JSON.stringify(serverModule)});
    await startServer({ host: "127.0.0.1", port: 0 }).then(
      (s) => { console.log("started"); return s.close(0); },
      (e) => console.log(e.message),
    );`);
  assert.match(stdout, /^rfc mode needs RFC 9420's external_senders codec/);
  assert.match(stdout, /--import \S+preload\.js/);
});

test("a hook registered after ts-mls loaded does not count as active", () => {
  const { stdout } = node(`
    const { rfcCodecsActive } = await import(${JSON.stringify(activeModule)});
    const { registerRfcCodecs } = await import(${JSON.stringify(registerModule)});
    registerRfcCodecs();
    console.log(rfcCodecsActive());`);
  assert.equal(stdout.trim(), "false");
});

test("worker threads of a process that registered the hook run the RFC codec too", (t) => {
  // Files, as the vector pool's workers are: eval'd workers do not run --import, and inherit --input-type.
  const dir = mkdtempSync(join(tmpdir(), "rfc-codecs-"));
  const probe = join(dir, "probe.mjs");
  const parent = join(dir, "parent.mjs");
  writeFileSync(
    probe,
    `import { parentPort } from "node:worker_threads";
     const { rfcCodecsActive } = await import(${JSON.stringify(activeModule)});
     parentPort.postMessage(rfcCodecsActive());`,
  );
  writeFileSync(
    parent,
    `import { Worker } from "node:worker_threads";
     const { registerRfcCodecs, workerOptions } = await import(${JSON.stringify(registerModule)});
     registerRfcCodecs();
     const ask = (options) => new Promise((resolve, reject) => {
       const w = new Worker(${JSON.stringify(probe)}, options);
       w.once("message", (m) => { resolve(m); void w.terminate(); });
       w.once("error", reject);
     });
     const { rfcCodecsActive } = await import(${JSON.stringify(activeModule)});
     const seen = { main: rfcCodecsActive(), inherited: await ask({}), registered: await ask(workerOptions()) };
     console.log(JSON.stringify(seen));`,
  );
  try {
    const { stdout, stderr } = spawnSync(process.execPath, [parent], { encoding: "utf8", timeout: 30_000 });
    assert.ok(stdout.trim() !== "", stderr);
    const seen = JSON.parse(stdout) as { main: boolean; inherited: boolean; registered: boolean };
    assert.deepEqual({ main: seen.main, registered: seen.registered }, { main: true, registered: true });
    t.diagnostic(
      `a worker started without workerOptions() ${seen.inherited ? "inherits" : "does not inherit"} the hook`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
