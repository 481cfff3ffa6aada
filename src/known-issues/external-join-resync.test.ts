// KNOWN-ISSUES.md#external-join-resync
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import {
  createGroupInfoWithExternalPubAndRatchetTree,
  defaultKeyPackageEqualityConfig,
  defaultKeyRetentionConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  getGroupMembers,
  joinGroupExternal,
  type ClientConfig,
} from "ts-mls";
import type { ResyncJob, ResyncReport } from "./external-join-resync.worker.js";
import { context, fixedMessage, group, keyPackage, suite } from "./fixtures.js";

const slug = "external-join-resync";
const workaround =
  "src/protocol/external-join.ts (priorLeaf), and src/methods/groups.ts (joinAsReleased pins compareKeyPackageToLeafNode)";

class EveryLeafMismatched extends Error {}

test("resync looks for the former leaf by the new KeyPackage, which matches no leaf", async () => {
  const [alice] = await group(["alice", "bob"]);
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(alice, [], suite);
  const leafCount = getGroupMembers(alice).length;
  // ts-mls's own comparison, watched: once every leaf has been compared and
  // none matched, stop (what ts-mls does next never returns, see below).
  let compared = 0;
  let matched = 0;
  const clientConfig: ClientConfig = {
    keyRetentionConfig: defaultKeyRetentionConfig,
    lifetimeConfig: defaultLifetimeConfig,
    paddingConfig: defaultPaddingConfig,
    keyPackageEqualityConfig: {
      ...defaultKeyPackageEqualityConfig,
      compareKeyPackageToLeafNode: (kp, leaf) => {
        const same = defaultKeyPackageEqualityConfig.compareKeyPackageToLeafNode(kp, leaf);
        compared += 1;
        if (same) matched += 1;
        if (compared === leafCount && matched === 0) throw new EveryLeafMismatched();
        return same;
      },
    },
  };
  // bob again, with a fresh KeyPackage (new signature key), as ExternalJoin with remove_prior makes.
  const bobAgain = await keyPackage("bob");
  await assert.rejects(
    joinGroupExternal({
      context: context({}, clientConfig),
      groupInfo,
      keyPackage: bobAgain.keyPackage,
      privateKeys: bobAgain.privateKeys,
      resync: true,
    }),
    EveryLeafMismatched,
    fixedMessage(slug, workaround),
  );
});

test("and then joinGroupExternal never returns (leaf index -0.5, an endless loop in treemath)", async () => {
  const [alice] = await group(["alice", "bob"]);
  const bobAgain = await keyPackage("bob");
  const job: ResyncJob = {
    groupInfo: await createGroupInfoWithExternalPubAndRatchetTree(alice, [], suite),
    keyPackage: bobAgain.keyPackage,
    privateKeys: bobAgain.privateKeys,
  };
  const worker = new Worker(new URL("./external-join-resync.worker.js", import.meta.url), { workerData: job });
  // A join takes milliseconds; allow far more before calling it stuck.
  const patienceMs = 3000;
  const outcome = await new Promise<string>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    worker.on("message", (report: ResyncReport) => {
      if (report.kind === "ready") timer = setTimeout(() => resolve("still running"), patienceMs);
      else {
        clearTimeout(timer);
        resolve(report.outcome);
      }
    });
    worker.on("error", (err) => {
      clearTimeout(timer);
      resolve(`worker failed: ${err.message}`);
    });
  });
  await worker.terminate();
  assert.equal(outcome, "still running", fixedMessage(slug, workaround));
});
