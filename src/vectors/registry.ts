// Which verifier reads which vector file.
import { cryptoBasics } from "./crypto-basics.js";
import { deserialization } from "./deserialization.js";
import { keySchedule } from "./key-schedule.js";
import { messageProtection } from "./message-protection.js";
import { messages } from "./messages.js";
import { passiveClient } from "./passive-client.js";
import { pskSecret } from "./psk-secret.js";
import { secretTree } from "./secret-tree.js";
import { transcriptHashes } from "./transcript-hashes.js";
import { treeMath } from "./tree-math.js";
import { treeKem } from "./treekem.js";
import { treeOperations } from "./tree-operations.js";
import { treeValidation } from "./tree-validation.js";
import { welcome } from "./welcome.js";
import type { AnySuite } from "./vector-suite.js";

/** The working group's static vectors, by file name in test-vectors/. */
const staticSuites: Record<string, AnySuite> = {
  "tree-math.json": treeMath,
  "crypto-basics.json": cryptoBasics,
  "secret-tree.json": secretTree,
  "key-schedule.json": keySchedule,
  "psk_secret.json": pskSecret,
  "transcript-hashes.json": transcriptHashes,
  "welcome.json": welcome,
  "messages.json": messages,
  "deserialization.json": deserialization,
  "tree-operations.json": treeOperations,
  "tree-validation.json": treeValidation,
  "treekem.json": treeKem,
  "message-protection.json": messageProtection,
  "passive-client-welcome.json": passiveClient,
  "passive-client-handling-commit.json": passiveClient,
};

/** The verifier for a file (named relative to the shared folder), or undefined when we have none. */
export function suiteFor(name: string): AnySuite | undefined {
  if (name.startsWith("interop/passive/")) return passiveClient;
  if (name.startsWith("test-vectors/")) return staticSuites[name.slice("test-vectors/".length)];
  return undefined;
}

export function knownStaticFiles(): string[] {
  return Object.keys(staticSuites);
}
