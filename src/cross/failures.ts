// Reading one failed run into where it failed (step), who failed it (side)
// and why (cause), for either runner's results. Our runner names the RPC,
// the actor and its server in every RPC error, and adds what a supervised
// server did (crashed, panicked, hung); the Go runner's error is gRPC's text
// alone, so its side is a guess from the step, said as such.
import * as pb from "../gen/mls_client.js";
import type { ServerEvent } from "../runner/engine.js";
import { isOurServer } from "../runner/server-plan.js";
import type { ResultRow } from "../runner/results-file.js";

/** A method a stack lacks, a stack falling over, or any other failure. */
export type FailureKind = "unimplemented" | "crash" | "failure";

export interface FailureInfo {
  /** `step 6 (fullCommit)`, or `end of run (Free)`. */
  step: string;
  /** The RPC that failed, when known. */
  rpc?: string;
  /** `alice on mlspp (Commit)`, `bob on ours disagrees with alice on mlspp`, ... */
  side: string;
  /** The stack whose call failed; `both` for a disagreement between two stacks; `runner` for the runner's own checks. */
  server: string;
  kind: FailureKind;
  /** `CODE: message`, numbers of three or more digits as N so that runs group. */
  cause: string;
  /** The whole error as the runner wrote it. */
  raw: string;
}

/** Which stack each actor of a run was on. */
export interface Sides {
  /** The combination's stacks, in matrix order (s1, s2). */
  stacks: readonly string[];
  /** Which of them is this project's server, if one is. */
  ours?: string;
  of(row: ResultRow, actor: string): string;
}

/**
 * Our results name each actor's matrix label (s1, s2): the stack at that
 * position. The Go runner's name servers only: a name only one of the
 * stacks answers; two stacks answering the same name cannot be told apart
 * there (`?`).
 */
export function comboSides(stacks: readonly string[], names: ReadonlyMap<string, string>): Sides {
  const ours = [...names].find(([name, id]) => isOurServer(name) && stacks.includes(id))?.[1];
  return {
    stacks,
    ours,
    of(row, actor) {
      const label = row.assignment?.[actor];
      const index = label === undefined ? -1 : Number(label.slice(1)) - 1;
      if (index >= 0 && index < stacks.length) return stacks[index] as string;
      return names.get(row.actors[actor] ?? "") ?? "?";
    },
  };
}

/** Server name → stack id, for the names exactly one stack answers. */
export function uniqueNames(identities: ReadonlyArray<{ id: string; name: string }>): Map<string, string> {
  const out = new Map<string, string>();
  const twice = new Set<string>();
  for (const { id, name } of identities) {
    if (out.has(name) && out.get(name) !== id) twice.add(name);
    out.set(name, id);
  }
  for (const name of twice) out.delete(name);
  return out;
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

/** A panic whose message says the method is not there (Rust's `todo!()` and `unimplemented!()`). */
const LACKS = /not yet implemented|not implemented|unimplemented/i;

function kindOf(code: string, events: readonly ServerEvent[]): FailureKind {
  if (code === "UNIMPLEMENTED") return "unimplemented";
  // No answer within the deadline: the call hung in the stack, whether or not the rest of it still answers.
  if (code === "DEADLINE_EXCEEDED") return "crash";
  if (events.some((e) => e.kind === "panicked" || e.kind === "died"))
    return events.some((e) => LACKS.test(e.detail)) ? "unimplemented" : "crash";
  if (events.some((e) => e.kind === "hung" || e.kind === "down")) return "crash";
  return "failure";
}

/** What the supervised server did, as the cause: `panicked at src/main.rs:12:5: not yet implemented`. */
function eventCause(events: readonly ServerEvent[]): string | undefined {
  const first =
    events.find((e) => e.kind === "panicked") ??
    events.find((e) => e.kind === "hung") ??
    events.find((e) => e.kind === "died") ??
    events.find((e) => e.kind === "down");
  return first === undefined ? undefined : `${first.kind}: ${first.detail}`;
}

/** Our runner's error: `RPC by ACTOR on sN at ADDRESS (NAME): CODE: details[; then ...]`. */
function ourRpcError(row: ResultRow, error: string, sides: Sides): Omit<FailureInfo, "step" | "raw"> | undefined {
  const head = /^(\w+) by (\S+) on (s\d+) at \S+ \(/.exec(error);
  if (head === null) return undefined;
  const [, rpc, actor, label] = head as unknown as [string, string, string, string];
  const name = row.actors[actor];
  if (name === undefined || !error.startsWith(`(${name}): `, head[0].length - 1)) return undefined;
  const rest = error.slice(head[0].length + name.length + 3);
  const cause = rest.split("; then ")[0] ?? rest;
  const server = sides.of(row, actor);
  const events = (row.serverEvents ?? []).filter((e) => e.server === label);
  const code = /^([A-Z_]+): /.exec(cause)?.[1] ?? "";
  const happened = eventCause(events);
  return {
    rpc,
    side: `${actor} on ${server} (${rpc})`,
    server,
    kind: kindOf(code, events),
    cause: happened === undefined ? cause : `${code}; the server ${happened}`,
  };
}

/** `fellOver`: the Go runner's, the stacks that fell over during the process that played the run. */
export function describeFailure(row: ResultRow & { fellOver?: string[] }, sides: Sides): FailureInfo {
  const raw = row.error ?? "";
  const step = stepOf(row);
  const onServer = (actor: string | undefined) => (actor === undefined ? "?" : sides.of(row, actor));
  const ours = ourRpcError(row, raw, sides);
  if (ours !== undefined) return { step: step.label, ...ours, cause: normalizeCause(ours.cause), raw };

  const go = /^rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(raw);
  if (go !== null) {
    const code = goCodes[go[1] ?? ""] ?? go[1] ?? "";
    const desc = go[2] ?? "";
    // The Go runner does not say whose call failed. Our server starts every
    // error message with the method's name; in a pair with ours, another
    // message is the other stack's; between two other stacks, it is either.
    const method = /^([A-Z][A-Za-z]+): /.exec(desc)?.[1];
    const oursSaid = method !== undefined && methodNames.has(method) && sides.ours !== undefined;
    const others = sides.stacks.filter((s) => s !== sides.ours);
    const said = oursSaid ? (sides.ours as string) : others.length === 1 ? (others[0] as string) : "?";
    // A stream reset (a Rust server's panic) where the log watch saw one
    // stack of the run fall over during this Go process: that stack's.
    const fell = row.fellOver?.filter((s) => sides.stacks.includes(s)) ?? [];
    const reset = code === "CANCELLED" && /RST_STREAM/.test(desc);
    const fallen = reset && fell.length === 1 && (said === "?" || said === fell[0]) ? fell[0] : undefined;
    const server = fallen ?? said;
    return {
      step: step.label,
      rpc: oursSaid ? method : undefined,
      side:
        server === "?"
          ? `${sides.stacks.join(" or ")} (the Go runner does not say)`
          : oursSaid
            ? `${server} (${method})`
            : fallen !== undefined && said === "?"
              ? `${server} (the Go runner does not say; ${server} fell over during its process)`
              : server,
      server,
      kind: fallen === undefined ? kindOf(code, []) : "crash",
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
      server: mine === theirs ? mine : "both",
      kind: "failure",
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
    server: runners || server === "?" ? "runner" : server,
    kind: "failure",
    cause: normalizeCause(raw.split("; then ")[0] ?? raw),
    raw,
  };
}
