// Deterministic fuzzing of every method over gRPC against a server process:
// random bytes, truncated and bit-flipped valid messages, messages of the
// wrong wire format, group, epoch or ciphersuite, unknown, 0 and wrongly
// kinded handles, oversized and repeated fields. Every answer must be a
// documented status (never INTERNAL, never a dropped connection), the
// process must stay up, and a group in progress on the same server must
// keep agreeing afterwards. FUZZ_SEED and FUZZ_ROUNDS vary the run;
// FUZZ_SUMMARY=FILE writes the method × input × status table.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { status, type ServiceError } from "@grpc/grpc-js";
import type { Extension, ProposalDescription } from "../gen/mls_client.js";
import type { Client, MethodKey } from "../testing/client.js";
import { Actor, byValue, commit, createGroup, expectAgreement, keyPackage, type Run } from "../testing/scenario.js";
import { childServer, type ChildServer } from "../testing/servers.js";

const seed = Number(process.env.FUZZ_SEED ?? 20261127);
const rounds = Number(process.env.FUZZ_ROUNDS ?? 24);
const maxMessageBytes = 256 * 1024;
const maxRepeated = 64;

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));

type Kind =
  | "state"
  | "join"
  | "reinit"
  | "signer"
  | "stateOrJoin"
  | "anyHandle"
  | "keyPackage"
  | "welcome"
  | "groupInfo"
  | "tree"
  | "proposal"
  | "commit"
  | "ciphertext"
  | "externalSender"
  | "opaque"
  | "suite"
  | "u32"
  | "u64"
  | "label"
  | "extensions"
  | "proposals"
  | "keyPackages"
  | "descriptions"
  | "description"
  | "psks";

/** The fields of each method's request that carry something the server must interpret. */
const fields: Record<MethodKey, Array<[string, Kind]>> = {
  name: [],
  supportedCiphersuites: [],
  createGroup: [
    ["groupId", "opaque"],
    ["cipherSuite", "suite"],
    ["identity", "opaque"],
  ],
  createKeyPackage: [
    ["cipherSuite", "suite"],
    ["identity", "opaque"],
  ],
  joinGroup: [
    ["transactionId", "join"],
    ["welcome", "welcome"],
    ["ratchetTree", "tree"],
  ],
  externalJoin: [
    ["groupInfo", "groupInfo"],
    ["ratchetTree", "tree"],
    ["identity", "opaque"],
    ["psks", "psks"],
  ],
  groupInfo: [["stateId", "state"]],
  stateAuth: [["stateId", "state"]],
  export: [
    ["stateId", "state"],
    ["label", "label"],
    ["context", "opaque"],
    ["keyLength", "u32"],
  ],
  protect: [
    ["stateId", "state"],
    ["authenticatedData", "opaque"],
    ["plaintext", "opaque"],
  ],
  unprotect: [
    ["stateId", "state"],
    ["ciphertext", "ciphertext"],
  ],
  storePsk: [
    ["stateOrTransactionId", "stateOrJoin"],
    ["pskId", "opaque"],
    ["pskSecret", "opaque"],
  ],
  addProposal: [
    ["stateId", "state"],
    ["keyPackage", "keyPackage"],
  ],
  updateProposal: [["stateId", "state"]],
  removeProposal: [
    ["stateId", "state"],
    ["removedId", "opaque"],
  ],
  externalPskProposal: [
    ["stateId", "state"],
    ["pskId", "opaque"],
  ],
  resumptionPskProposal: [
    ["stateId", "state"],
    ["epochId", "u64"],
  ],
  groupContextExtensionsProposal: [
    ["stateId", "state"],
    ["extensions", "extensions"],
  ],
  commit: [
    ["stateId", "state"],
    ["byReference", "proposals"],
    ["byValue", "descriptions"],
  ],
  handleCommit: [
    ["stateId", "state"],
    ["proposal", "proposals"],
    ["commit", "commit"],
  ],
  handlePendingCommit: [["stateId", "state"]],
  reInitProposal: [
    ["stateId", "state"],
    ["cipherSuite", "suite"],
    ["groupId", "opaque"],
    ["extensions", "extensions"],
  ],
  reInitCommit: [
    ["stateId", "state"],
    ["byReference", "proposals"],
    ["byValue", "descriptions"],
  ],
  handlePendingReInitCommit: [["stateId", "state"]],
  handleReInitCommit: [
    ["stateId", "state"],
    ["proposal", "proposals"],
    ["commit", "commit"],
  ],
  reInitWelcome: [
    ["reinitId", "reinit"],
    ["keyPackage", "keyPackages"],
  ],
  handleReInitWelcome: [
    ["reinitId", "reinit"],
    ["welcome", "welcome"],
    ["ratchetTree", "tree"],
  ],
  createBranch: [
    ["stateId", "state"],
    ["groupId", "opaque"],
    ["extensions", "extensions"],
    ["keyPackages", "keyPackages"],
  ],
  handleBranch: [
    ["stateId", "state"],
    ["transactionId", "join"],
    ["welcome", "welcome"],
    ["ratchetTree", "tree"],
  ],
  newMemberAddProposal: [
    ["groupInfo", "groupInfo"],
    ["identity", "opaque"],
  ],
  createExternalSigner: [
    ["cipherSuite", "suite"],
    ["identity", "opaque"],
  ],
  addExternalSigner: [
    ["stateId", "state"],
    ["externalSender", "externalSender"],
  ],
  externalSignerProposal: [
    ["signerId", "signer"],
    ["groupInfo", "groupInfo"],
    ["ratchetTree", "tree"],
    ["description", "description"],
  ],
  free: [["stateId", "anyHandle"]],
};

const documented = new Set([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
  status.UNIMPLEMENTED,
  status.RESOURCE_EXHAUSTED,
]);

interface Hostile {
  label: string;
  value: unknown;
  /** When set, the only acceptable status for this input. */
  expect?: status;
}

let server: ChildServer;
let c: Client;
const corpus: Record<string, Buffer> = {};
const handles = { state: 0, join: 0, reinit: 0, signer: 0 };
const background: Actor[] = [];
const summary = new Map<string, Map<string, Set<string>>>();

before(async () => {
  server = await childServer(["--max-message-bytes", String(maxMessageBytes), "--max-repeated", String(maxRepeated)]);
  c = server.client;
  const run: Run = { suite: 1, encrypt: false };
  const [alice, bob] = [new Actor("alice", c), new Actor("bob", c)];
  await createGroup(run, alice, [bob]);
  background.push(alice, bob);

  // A second group to draw valid messages from; its members are the fuzzing targets.
  const [victim, peer, carol] = [new Actor("victim", c), new Actor("peer", c), new Actor("carol", c)];
  await createGroup({ suite: 1, encrypt: true }, victim, [peer]);
  corpus.keyPackage = await keyPackage(run, carol);
  const added = await commit(
    { suite: 1, encrypt: true },
    victim,
    { byValue: [byValue("add", { keyPackage: corpus.keyPackage })] },
    [peer],
    [carol],
  );
  corpus.welcome = added.welcome;
  corpus.oldCommit = added.commit;
  const signer = await c.call("createExternalSigner", { cipherSuite: 1, identity: Buffer.from("ds") });
  corpus.externalSender = signer.externalSender;
  const listed = await c.call("addExternalSigner", { stateId: victim.stateId, externalSender: signer.externalSender });
  await commit({ suite: 1, encrypt: true }, victim, { byReference: [listed.proposal] }, [peer, carol]);
  corpus.groupInfo = (await c.call("groupInfo", { stateId: victim.stateId, externalTree: false })).groupInfo;
  corpus.tree = (await c.call("groupInfo", { stateId: victim.stateId, externalTree: true })).ratchetTree;
  corpus.proposal = (await c.call("updateProposal", { stateId: peer.stateId })).proposal;
  corpus.commit = (await c.call("commit", { stateId: peer.stateId })).commit;
  corpus.ciphertext = (await c.call("protect", { stateId: carol.stateId, plaintext: Buffer.from("fuzz") })).ciphertext;
  corpus.publicProposal = (await c.call("updateProposal", { stateId: alice.stateId })).proposal;
  corpus.otherSuiteKeyPackage = (
    await c.call("createKeyPackage", { cipherSuite: 2, identity: Buffer.from("x") })
  ).keyPackage;
  handles.state = victim.stateId;
  handles.signer = signer.signerId;
  handles.join = (await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("j") })).transactionId;
  // A reinit handle: a third group committed to a reinit.
  const [r1, r2] = [new Actor("r1", c), new Actor("r2", c)];
  await createGroup(run, r1, [r2]);
  const p = await c.call("reInitProposal", { stateId: r1.stateId, cipherSuite: 1, groupId: Buffer.from("n") });
  await c.call("reInitCommit", { stateId: r1.stateId, byReference: [p.proposal] });
  handles.reinit = (await c.call("handlePendingReInitCommit", { stateId: r1.stateId })).reinitId;
});

after(async () => {
  if (process.env.FUZZ_SUMMARY) writeFileSync(process.env.FUZZ_SUMMARY, summaryTable());
  await server.stop();
});

function truncated(b: Buffer): Buffer {
  return b.subarray(0, int(b.length));
}

function flipped(b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let i = 0; i <= int(3); i++) out[int(out.length)]! ^= 1 << int(8);
  return out;
}

const mlsMessages = ["keyPackage", "welcome", "groupInfo", "proposal", "commit", "ciphertext", "publicProposal"];

/** Hostile inputs for a field holding an MLSMessage of kind `own`. */
function hostileMessage(own: string): Hostile {
  const valid = corpus[own]!;
  switch (int(6)) {
    case 0:
      return { label: "random bytes", value: bytes(1 + int(300)), expect: status.INVALID_ARGUMENT };
    case 1:
      return { label: "truncated", value: truncated(valid) };
    case 2:
      return { label: "bit-flipped", value: flipped(valid) };
    case 3:
      return {
        label: "wrong wire format",
        value: corpus[pick(mlsMessages.filter((m) => m !== own && !(own === "proposal" && m === "publicProposal")))]!,
      };
    case 4:
      return { label: "oversized", value: Buffer.alloc(maxMessageBytes + 1), expect: status.RESOURCE_EXHAUSTED };
    default:
      return { label: "empty", value: Buffer.alloc(0) };
  }
}

function hostileHandle(kind: "state" | "join" | "reinit" | "signer" | "stateOrJoin" | "anyHandle"): Hostile {
  switch (int(3)) {
    case 0:
      return { label: "handle 0", value: 0, expect: kind === "anyHandle" ? status.OK : status.NOT_FOUND };
    case 1:
      return { label: "unknown handle", value: 0x7000_0000 + int(0x0fff_ffff), expect: status.NOT_FOUND };
    default: {
      const wrong = kind === "state" || kind === "stateOrJoin" ? handles.signer : handles.state;
      return {
        label: "handle of another kind",
        value: wrong,
        expect: kind === "anyHandle" ? undefined : status.NOT_FOUND,
      };
    }
  }
}

function hostileExtensions(): Hostile {
  const type = pick([3, 5, 2, 4, 0, 0xffff, int(0x10000), 0x10000 + int(1000)]);
  return {
    label: `extension type ${type > 0xffff ? ">uint16" : type}`,
    value: [{ extensionType: type, extensionData: bytes(int(40)) }],
  };
}

function hostile(kind: Kind): Hostile {
  switch (kind) {
    case "state":
    case "join":
    case "reinit":
    case "signer":
    case "stateOrJoin":
    case "anyHandle":
      return hostileHandle(kind);
    case "keyPackage":
    case "welcome":
    case "groupInfo":
    case "proposal":
    case "commit":
    case "ciphertext":
      if (kind === "commit" && int(3) === 0) return { label: "commit of a past epoch", value: corpus.oldCommit };
      if (kind === "keyPackage" && int(3) === 0)
        return {
          label: "KeyPackage of another suite",
          value: corpus.otherSuiteKeyPackage,
          expect: status.INVALID_ARGUMENT,
        };
      if (kind === "proposal" && int(3) === 0)
        return { label: "proposal of another group", value: corpus.publicProposal };
      return hostileMessage(kind);
    case "tree":
      return pick([
        { label: "random tree bytes", value: bytes(1 + int(200)), expect: status.INVALID_ARGUMENT },
        { label: "truncated tree", value: truncated(corpus.tree!) },
        { label: "bit-flipped tree", value: flipped(corpus.tree!) },
      ]);
    case "externalSender":
      return pick([
        { label: "random bytes", value: bytes(1 + int(100)), expect: status.INVALID_ARGUMENT },
        { label: "truncated", value: truncated(corpus.externalSender!) },
        { label: "an MLSMessage", value: corpus.keyPackage, expect: status.INVALID_ARGUMENT },
      ]);
    case "opaque":
      return pick([
        { label: "random bytes", value: bytes(int(100)) },
        { label: "empty", value: Buffer.alloc(0) },
        { label: "oversized", value: Buffer.alloc(maxMessageBytes + 1), expect: status.RESOURCE_EXHAUSTED },
      ]);
    case "suite":
      return {
        label: "unsupported suite",
        value: pick([0, 8, 0xf00d, 0xffff, 0x10001, 0xffff_ffff]),
        expect: status.INVALID_ARGUMENT,
      };
    case "u32":
      return { label: "huge length", value: pick([0xffff_ffff, 1 << 20]), expect: status.INVALID_ARGUMENT };
    case "u64":
      return {
        label: "far epoch",
        value: pick([0xffff_ffff_ffff_ffffn, 1n << 40n]),
        expect: status.FAILED_PRECONDITION,
      };
    case "label":
      return { label: "odd label", value: pick(["", "\u0000\uffff", "é".repeat(300)]) };
    case "extensions":
      return int(4) === 0
        ? {
            label: "too many extensions",
            value: Array(maxRepeated + 1).fill({ extensionType: 0xff00, extensionData: Buffer.alloc(0) }),
            expect: status.RESOURCE_EXHAUSTED,
          }
        : hostileExtensions();
    case "proposals":
    case "keyPackages": {
      const own = kind === "proposals" ? "proposal" : "keyPackage";
      if (int(4) === 0)
        return {
          label: "too many entries",
          value: Array(maxRepeated + 1).fill(corpus[own]),
          expect: status.RESOURCE_EXHAUSTED,
        };
      const bad = hostile(own);
      return { label: `list with ${bad.label}`, value: [corpus[own], bad.value], expect: bad.expect };
    }
    case "descriptions":
    case "description": {
      const description = hostileDescription();
      return { ...description, value: kind === "description" ? description.value : [description.value] };
    }
    case "psks":
      return { label: "random PSKs", value: [{ pskId: bytes(int(40)), pskSecret: bytes(int(40)) }] };
  }
}

function hostileDescription(): Hostile {
  const types = ["add", "remove", "externalPSK", "resumptionPSK", "groupContextExtensions", "reinit"];
  switch (int(5)) {
    case 0:
      return {
        label: "unknown proposal_type",
        value: byValue(pick(["", "Add", "update", "\u0000", bytes(5).toString("latin1")])),
        expect: status.INVALID_ARGUMENT,
      };
    case 1:
      return {
        label: "add of random bytes",
        value: byValue("add", { keyPackage: bytes(1 + int(100)) }),
        expect: status.INVALID_ARGUMENT,
      };
    case 2:
      return {
        label: "remove of a stranger",
        value: byValue("remove", { removedId: bytes(1 + int(10)) }),
        expect: status.NOT_FOUND,
      };
    case 3:
      return {
        label: "reinit to a bad suite",
        value: byValue("reinit", { cipherSuite: pick([0, 99, 0xffff]), groupId: bytes(4) }),
        expect: status.INVALID_ARGUMENT,
      };
    default:
      return {
        label: "random fields",
        value: byValue(pick(types), {
          keyPackage: bytes(int(30)),
          removedId: bytes(int(5)),
          pskId: bytes(int(10)),
          epochId: BigInt(int(5)),
          extensions: [{ extensionType: int(8), extensionData: bytes(int(10)) } as Extension],
          groupId: bytes(int(8)),
          cipherSuite: int(10),
        } as Partial<ProposalDescription>),
      };
  }
}

/** A request whose fields are valid except `field`, so the answer is about that field. */
async function request(method: MethodKey, field: string, value: unknown): Promise<Record<string, unknown>> {
  const req: Record<string, unknown> = {};
  for (const [name, kind] of fields[method]) {
    if (name === field) req[name] = value;
    else req[name] = await validValue(kind);
  }
  return req;
}

async function validValue(kind: Kind): Promise<unknown> {
  switch (kind) {
    case "state":
    case "stateOrJoin":
      return handles.state;
    case "join":
      // Joins are consumed by a successful call; give each request its own.
      return (await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("j") })).transactionId;
    case "reinit":
      return handles.reinit;
    case "signer":
      return handles.signer;
    case "anyHandle":
      return 0;
    case "suite":
      return 1;
    case "u32":
      return 16;
    case "u64":
      return 0n;
    case "label":
      return "fuzz";
    case "extensions":
    case "psks":
      return [];
    case "proposals":
    case "keyPackages":
      return [];
    case "descriptions":
      return [];
    case "description":
      return byValue("externalPSK", { pskId: Buffer.from("p") });
    case "opaque":
      return Buffer.from("x");
    case "tree":
      return Buffer.alloc(0);
    default:
      return corpus[kind];
  }
}

function record(method: string, label: string, code: status): void {
  let byInput = summary.get(method);
  if (byInput === undefined) summary.set(method, (byInput = new Map()));
  let codes = byInput.get(label);
  if (codes === undefined) byInput.set(label, (codes = new Set()));
  codes.add(status[code]);
}

function summaryTable(): string {
  const lines = ["| method | input | statuses |", "| --- | --- | --- |"];
  for (const [method, byInput] of [...summary].sort()) {
    for (const [label, codes] of [...byInput].sort())
      lines.push(`| ${method} | ${label} | ${[...codes].sort().join(", ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

for (const method of Object.keys(fields) as MethodKey[]) {
  test(`fuzz ${method}`, async () => {
    const targets = fields[method];
    for (let round = 0; round < (targets.length === 0 ? 1 : rounds); round++) {
      const [field, kind] = targets.length === 0 ? ["", "opaque" as Kind] : pick(targets);
      const input = targets.length === 0 ? { label: "empty request", value: undefined } : hostile(kind);
      const req = field === "" ? {} : await request(method, field, input.value);
      const code = await c.call(method, req as never).then(
        () => status.OK,
        (err: ServiceError) => err.code,
      );
      const where = `${method}(${field}: ${input.label}) [seed ${seed}, round ${round}]`;
      record(method, `${field || "-"}: ${input.label}`, code);
      assert.ok(documented.has(code), `${where} answered ${status[code]}`);
      if (input.expect !== undefined) assert.equal(status[code], status[input.expect], where);
      assert.equal(server.process.exitCode, null, `the server died on ${where}`);
    }
  });
}

test("the group in progress on the same server still agrees", async () => {
  const [alice, bob] = background as [Actor, Actor];
  await commit({ suite: 1, encrypt: false }, bob, {}, [alice]);
  const sealed = await c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from("still here") });
  assert.equal(
    (await c.call("unprotect", { stateId: bob.stateId, ciphertext: sealed.ciphertext })).plaintext.toString(),
    "still here",
  );
  await expectAgreement([alice, bob]);
  assert.equal(server.process.exitCode, null);
});
