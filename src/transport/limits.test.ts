// Limits are flags with clear RESOURCE_EXHAUSTED errors, and a request over
// one leaves the server working.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status } from "@grpc/grpc-js";
import { expectStatus } from "../testing/expect-status.js";
import { byValue } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";

let server: TestServer;
before(async () => {
  server = await inProcessServer({
    limits: { maxHandles: 3, idleTtlMs: 0 },
    requestLimits: { maxMessageBytes: 4096, maxRepeated: 3 },
  });
});
after(() => server.stop());

test("too many entries in a list field", async () => {
  const c = server.client;
  const group = await c.call("createGroup", { cipherSuite: 1, identity: Buffer.from("a") });
  await expectStatus(
    c.call("commit", { stateId: group.stateId, byReference: [1, 2, 3, 4].map(() => Buffer.from("x")) }),
    status.RESOURCE_EXHAUSTED,
    "Commit",
    /by_reference has 4 entries \(limit 3/,
  );
  await expectStatus(
    c.call("commit", {
      stateId: group.stateId,
      byValue: [
        byValue("groupContextExtensions", {
          extensions: Array(4).fill({ extensionType: 9, extensionData: Buffer.alloc(0) }),
        }),
      ],
    }),
    status.RESOURCE_EXHAUSTED,
    "Commit",
    /by_value\[0\]\.extensions has 4 entries/,
  );
  await c.call("free", { stateId: group.stateId });
});

test("a message over the size limit", async () => {
  const c = server.client;
  const err = await c.call("addProposal", { stateId: 1, keyPackage: Buffer.alloc(8192) }).then(
    () => assert.fail("accepted an oversized message"),
    (e: { code: number }) => e,
  );
  assert.equal(status[err.code], "RESOURCE_EXHAUSTED");
  assert.deepEqual(
    (await c.call("supportedCiphersuites", {})).ciphersuites.length > 0,
    true,
    "the server still answers",
  );
});

test("too many live handles", async () => {
  const c = server.client;
  const ids: number[] = [];
  for (let i = 0; i < 3; i++)
    ids.push((await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") })).transactionId);
  await expectStatus(
    c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") }),
    status.RESOURCE_EXHAUSTED,
    "CreateKeyPackage",
    /--max-handles/,
  );
  for (const id of ids) await c.call("free", { stateId: id });
  await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") });
});
