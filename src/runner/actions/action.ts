// What every action module provides: its parameters (checked before any
// RPC), the outputs it stores for later steps, and the RPCs it plays.
import type { Method } from "../connection.js";
import type { ParamSpecs, ParamValues, ParseScope } from "../params.js";
import type { RunContext } from "../run-context.js";

export interface StepInfo {
  index: number;
  actor: string;
}

export interface ActionDefinition<P extends ParamSpecs = ParamSpecs> {
  readonly name: string;
  /** Every action but installExternalPSK and reinit acts as the step's `actor`. */
  readonly needsActor: boolean;
  readonly params: P;
  /** Every RPC the action may call, so tests can tell which methods configs reach. */
  readonly methods: readonly Method[];
  /** Not understood by the official Go runner; configs using it run only with ours. */
  readonly extension?: boolean;
  outputs(params: ParamValues<P>): readonly string[];
  /** Checks across parameters; `present` holds the keys the step spelled out. */
  check?(params: ParamValues<P>, scope: ParseScope, present: ReadonlySet<string>): void;
  run(cx: RunContext, params: ParamValues<P>, step: StepInfo): Promise<void>;
}

export function defineAction<P extends ParamSpecs>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition;
}
