// Reading one failed run into where it failed (step), who failed it (side)
// and why (cause), for either runner's results. Our runner names the RPC,
// the actor and its server in every RPC error; the Go runner's error is
// gRPC's text alone, so only the failed step's actor can be named.
import * as pb from "../gen/mls_client.js";
import { isOurServer } from "../runner/server-plan.js";
import type { ResultRow } from "../runner/results-file.js";

export interface FailureInfo {
  /** `step 6 (fullCommit)`, or `end of run (Free)`. */
  step: string;
  /** `alice on mlspp`, `bob on ours disagrees with alice on mlspp`, ... */
  side: string;
  /** Which server failed the run: ours, the peer, or both (a disagreement, or a check the runner makes). */
  server: "ours" | "peer" | "both" | "runner";
  /** `CODE: message`, numbers of three or more digits as N so that runs group. */
  cause: string;
  /** The whole error as the runner wrote it. */
  raw: string;
}

/** Short server names for reports: `ours` and the peer's id. */
export function shortName(name: string, peer: string): string {
  return isOurServer(name) ? "ours" : peer;
}

function stepOf(row: ResultRow): { label: string; actor?: string } {
  let parsed: { action?: unknown; actor?: unknown } = {};
  try {
    parsed = JSON.parse(row.failedStepJson ?? "{}") as typeof parsed;
  } catch {
    // a step the runner could not even quote
  }
  const action = typeof parsed.action === "string" ? parsed.action : undefined;
  const actor = typeof parsed.actor === "string" ? parsed.actor : undefined;
  if (row.failedStep === undefined) return { label: "no step" };
  if (action === undefined) return { label: `step ${row.failedStep} (end of run: Free)`, actor };
  return { label: `step ${row.failedStep} (${action})`, actor };
}

export function normalizeCause(text: string): string {
  return text.replace(/\b\d{3,}\b/g, "N").trim();
}

const methodNames = new Set(Object.values(pb.MLSClientService).map((m) => m.path.slice(m.path.lastIndexOf("/") + 1)));

// Go's status names (codes.Code.String()) as gRPC's canonical upper-case names.
const goCodes: Record<string, string> = {
  Canceled: "CANCELLED",
  Unknown: "UNKNOWN",
  InvalidArgument: "INVALID_ARGUMENT",
  DeadlineExceeded: "DEADLINE_EXCEEDED",
  NotFound: "NOT_FOUND",
  AlreadyExists: "ALREADY_EXISTS",
  PermissionDenied: "PERMISSION_DENIED",
  ResourceExhausted: "RESOURCE_EXHAUSTED",
  FailedPrecondition: "FAILED_PRECONDITION",
  Aborted: "ABORTED",
  OutOfRange: "OUT_OF_RANGE",
  Unimplemented: "UNIMPLEMENTED",
  Internal: "INTERNAL",
  Unavailable: "UNAVAILABLE",
  DataLoss: "DATA_LOSS",
  Unauthenticated: "UNAUTHENTICATED",
};

/** Our runner's error: `RPC by ACTOR on sN at ADDRESS (NAME): CODE: details[; then ...]`. */
function ourRpcError(row: ResultRow, error: string, peer: string): Omit<FailureInfo, "step" | "raw"> | undefined {
  const head = /^(\w+) by (\S+) on s\d+ at \S+ \(/.exec(error);
  if (head === null) return undefined;
  const [, rpc, actor] = head as unknown as [string, string, string];
  const name = row.actors[actor];
  if (name === undefined || !error.startsWith(`(${name}): `, head[0].length - 1)) return undefined;
  const rest = error.slice(head[0].length + name.length + 3);
  const cause = rest.split("; then ")[0] ?? rest;
  const server = shortName(name, peer);
  return { side: `${actor} on ${server} (${rpc})`, server: server === "ours" ? "ours" : "peer", cause };
}

export function describeFailure(row: ResultRow, peer: string): FailureInfo {
  const raw = row.error ?? "";
  const step = stepOf(row);
  const onServer = (actor: string | undefined) =>
    actor === undefined ? "?" : shortName(row.actors[actor] ?? "", peer);
  const ours = ourRpcError(row, raw, peer);
  if (ours !== undefined) return { step: step.label, ...ours, cause: normalizeCause(ours.cause), raw };

  const go = /^rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(raw);
  if (go !== null) {
    const code = goCodes[go[1] ?? ""] ?? go[1] ?? "";
    const desc = go[2] ?? "";
    // The Go runner does not say whose call failed. Our server starts every
    // error message with the method's name; with two servers, another
    // message is the peer's.
    const method = /^([A-Z][A-Za-z]+): /.exec(desc)?.[1];
    const ours = method !== undefined && methodNames.has(method);
    return {
      step: step.label,
      side: ours ? `ours (${method})` : peer,
      server: ours ? "ours" : "peer",
      cause: normalizeCause(`${code}: ${desc}`),
      raw,
    };
  }
  const disagree = /^Member \[([^\]]+)\] failed to agree on epoch authenticator/.exec(raw);
  if (disagree !== null) {
    const member = disagree[1] ?? "";
    const other = step.actor ?? "the step's actor";
    const mine = onServer(member);
    const theirs = onServer(step.actor);
    return {
      step: step.label,
      side: `${member} on ${mine} disagrees with ${other} on ${theirs}`,
      server: mine === theirs ? (mine === "ours" ? "ours" : "peer") : "both",
      cause: "epoch authenticators differ",
      raw,
    };
  }
  // What is left is a check the runner makes on an answer (Unprotect's
  // plaintext, Export's length) or the runner's own trouble.
  const runners = /^(runner error|No message for key|Malformed step|no remaining supported ciphersuite)/.test(raw);
  const server = runners ? "runner" : onServer(step.actor);
  return {
    step: step.label,
    side: runners || step.actor === undefined ? "runner" : `${step.actor} on ${server}`,
    server: runners || server === "?" ? "runner" : server === "ours" ? "ours" : "peer",
    cause: normalizeCause(raw.split("; then ")[0] ?? raw),
    raw,
  };
}
