// Runs joinGroupExternal({ resync: true }) off the test's thread, so that the
// test can stop it when it does not return (KNOWN-ISSUES.md#external-join-resync).
import { parentPort, workerData } from "node:worker_threads";
import { joinGroupExternal, type GroupInfo, type KeyPackage, type PrivateKeyPackage } from "ts-mls";
import { context } from "./fixtures.js";

export interface ResyncJob {
  groupInfo: GroupInfo;
  keyPackage: KeyPackage;
  privateKeys: PrivateKeyPackage;
}

/** What the worker reports: "ready" before the call, then how the call ended. */
export type ResyncReport = { kind: "ready" } | { kind: "settled"; outcome: string };

const port = parentPort;
if (port !== null) {
  const job = workerData as ResyncJob;
  port.postMessage({ kind: "ready" } satisfies ResyncReport);
  let outcome: string;
  try {
    await joinGroupExternal({ context: context(), ...job, resync: true });
    outcome = "joined";
  } catch (err) {
    outcome = `threw ${err instanceof Error ? err.message : String(err)}`;
  }
  port.postMessage({ kind: "settled", outcome } satisfies ResyncReport);
}
