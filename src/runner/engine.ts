// Plays one script run: every step in order, each step's RPCs in order, then
// Free for every actor's current state whatever happened, as the Go runner's
// Run does.
import { actions } from "./actions/index.js";
import type { RunSpec } from "./matrix.js";
import { Binding, RecordingClient, StepRpcError, TranscriptEntry } from "./recording-client.js";
import { CheckFailure, RunContext } from "./run-context.js";

export interface RunRecord {
  spec: RunSpec;
  /** actor → the Name of its server, as the results' `actors`. */
  actors: Record<string, string>;
  /** actor → the matrix label of its server (`s1`). */
  servers: Record<string, string>;
  transcript: TranscriptEntry[];
  error?: string;
  failedStep?: number;
  failedStepJson?: string;
  durationMs: number;
  /** What a supervised server did during the run (crashed, hung, was restarted), when a supervisor watched it. */
  events?: ServerEvent[];
}

/** Something a server did beyond answering, told by whoever runs it (see ServerPlan.supervisor). */
export interface ServerEvent {
  /** The server's matrix label (`s2`). */
  server: string;
  kind: "panicked" | "died" | "restarted" | "hung" | "down";
  detail: string;
}

export interface PlayOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

function describeError(error: unknown): string {
  if (error instanceof StepRpcError || error instanceof CheckFailure) return error.message;
  // Anything else is a bug in the runner; keep the run's verdict honest about it.
  return `runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

export async function playRun(
  spec: RunSpec,
  bindings: ReadonlyMap<string, Binding>,
  options: PlayOptions,
): Promise<RunRecord> {
  const started = performance.now();
  const { script } = spec;
  const client = new RecordingClient(bindings, options.timeoutMs, options.signal);
  const cx = new RunContext(client, spec.suite, spec.encrypt, script.steps.length);
  const record: RunRecord = {
    spec,
    actors: Object.fromEntries(script.actors.map((a) => [a, client.binding(a).name])),
    servers: Object.fromEntries(script.actors.map((a) => [a, client.binding(a).label])),
    transcript: client.transcript,
    durationMs: 0,
  };

  for (const step of script.steps) {
    const action = actions.get(step.action);
    try {
      if (action === undefined) throw new Error(`unknown action ${step.action} passed validation`);
      await action.run(cx, step.params, { index: step.index, actor: step.actor });
    } catch (error) {
      record.error = describeError(error);
      record.failedStep = step.index;
      record.failedStepJson = step.json;
      break;
    }
  }

  const freeFailures: string[] = [];
  for (const [actor, stateId] of cx.states) {
    try {
      await client.callUnrecorded(actor, "free", { stateId });
    } catch (error) {
      freeFailures.push(describeError(error));
    }
  }
  // Beyond the Go runner: also free the join, reinit and signer handles the
  // run was handed and the states actors left behind (an external rejoin
  // gives a new one), so a selftest leaves its servers empty. Most were consumed
  // (a join by JoinGroup, a reinit by its Welcome), so NOT_FOUND is expected;
  // these calls never change the verdict and are not in the transcript.
  const freed = new Set([...cx.states].map(([actor, id]) => `${actor}:${id}`));
  for (const { actor, id } of [...cx.states.superseded, ...cx.handedOut]) {
    if (freed.has(`${actor}:${id}`)) continue;
    await client.callUnrecorded(actor, "free", { stateId: id }).catch(() => undefined);
  }
  if (freeFailures.length > 0) {
    if (record.error === undefined) {
      record.error = freeFailures.join("; ");
      record.failedStep = script.steps.length;
    } else {
      // Go would replace the step's error with the Free error; the step's is the cause, so keep it first.
      // A step that failed half way often leaves handles the server already dropped: mention, don't drown.
      const more = freeFailures.length > 1 ? ` (and ${freeFailures.length - 1} more)` : "";
      record.error += `; then ${freeFailures[0]}${more}`;
    }
  }
  record.durationMs = performance.now() - started;
  return record;
}
