// Which verifier reads which vector file. A file is recognised by the fields
// of its cases, whatever its name: the working group and other stacks publish
// the same kinds of vector under other names (passive-client-random.json,
// copies in a test_vectors/ folder). The working group's own file names are
// the fallback for a file whose first case does not tell (none, or malformed,
// so the verifier can say which field is wrong).
import { baseName } from "./loader.js";
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

/** One verifier per kind of vector file. */
export const verifiers: readonly AnySuite[] = [
  treeMath,
  cryptoBasics,
  secretTree,
  messageProtection,
  keySchedule,
  pskSecret,
  transcriptHashes,
  welcome,
  treeOperations,
  treeValidation,
  treeKem,
  messages,
  deserialization,
  passiveClient,
];

/** A kind of vector file we recognise but do not verify, and why. */
export interface UnverifiedType {
  readonly name: string;
  readonly fields: readonly string[];
  readonly reason: string;
}

/**
 * Kinds the working group once published in test-vectors/ and removed
 * before RFC 9420; older copies still circulate in other stacks' trees.
 */
export const unverifiedTypes: readonly UnverifiedType[] = [
  {
    name: "parent-hash",
    fields: ["cipher_suite", "tree", "tree_hashes"],
    reason:
      "removed from the working group's test-vectors/ in 7a47d93 (February 2023, before RFC 9420); tree-validation.json replaced them",
  },
  {
    name: "encryption",
    fields: ["cipher_suite", "n_leaves", "encryption_secret", "sender_data_secret", "sender_data_info", "leaves"],
    reason:
      "removed from the working group's test-vectors/ in 6f8c5d1 (February 2023, before RFC 9420); secret-tree.json and message-protection.json replaced them",
  },
  {
    name: "passive-client (first round)",
    fields: passiveClient.fields.filter((f) => f !== "external_psks"),
    reason:
      "cases without external_psks, removed from the working group's test-vectors/ in 74e7f24 (March 2023, before RFC 9420); passive-client-welcome, -handling-commit and -random replaced them",
  },
];

/** The working group's names in test-vectors/, for files whose cases do not tell. */
const byFileName: Readonly<Record<string, AnySuite>> = {
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
  "passive-client-random.json": passiveClient,
};

export function verifierNamed(name: string): AnySuite | undefined {
  return verifiers.find((v) => v.name === name);
}

export type Recognition = { readonly verifier: AnySuite } | { readonly reason: string };

type Kind = AnySuite | UnverifiedType;

const isVerifier = (k: Kind): k is AnySuite => "verify" in k;

/** The kind whose fields the case has, the kind with the most of them when several do; undefined on a tie. */
function kindOf(keys: ReadonlySet<string>): Kind | undefined {
  const [best, next] = [...verifiers, ...unverifiedTypes]
    .filter((k) => k.fields.every((f) => keys.has(f)))
    .sort((a, b) => b.fields.length - a.fields.length);
  return best !== undefined && next?.fields.length !== best.fields.length ? best : undefined;
}

/** Says which kind came closest, so a renamed field or an older format is easy to spot. */
function closest(keys: ReadonlySet<string>): string {
  const scored = [...verifiers, ...unverifiedTypes]
    .map((k) => ({ k, missing: k.fields.filter((f) => !keys.has(f)) }))
    .filter(({ k, missing }) => missing.length < k.fields.length / 2)
    .sort((a, b) => a.missing.length - b.missing.length || b.k.fields.length - a.k.fields.length);
  const best = scored[0];
  return best === undefined ? "" : `; closest: ${best.k.name}, whose cases also have ${best.missing.join(", ")}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** By the fields of the first case alone; undefined when they do not tell. */
export function recogniseByFields(cases: readonly unknown[]): Recognition | undefined {
  const first = cases[0];
  const kind = isObject(first) ? kindOf(new Set(Object.keys(first))) : undefined;
  if (kind === undefined) return undefined;
  return isVerifier(kind) ? { verifier: kind } : { reason: `no verifier for ${kind.name} vectors: ${kind.reason}` };
}

/** By the working group's file names (`name` relative to the vectors folder, as reported). */
export function verifierByName(name: string): AnySuite | undefined {
  return name.startsWith("interop/passive/") ? passiveClient : byFileName[baseName(name)];
}

/** The verifier for a file's cases: by the fields of its first case, else by the file's name. */
export function recognise(name: string, cases: readonly unknown[]): Recognition {
  const byFields = recogniseByFields(cases);
  if (byFields !== undefined) return byFields;
  const named = verifierByName(name);
  if (named !== undefined) return { verifier: named };
  const first = cases[0];
  if (first === undefined) return { reason: "no verifier: the file has no cases to recognise it by" };
  if (!isObject(first)) return { reason: "no verifier: its first case is not a JSON object" };
  const keys = new Set(Object.keys(first));
  return {
    reason: `no verifier: no kind of vector we know has cases with the fields ${[...keys].join(", ")}${closest(keys)}`,
  };
}
