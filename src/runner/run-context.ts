// The state one script run carries from step to step, mirroring the Go
// runner: per actor the latest state, join and signer handles, and per step
// the byte strings it stored for later steps to refer to.
import { RecordingClient } from "./recording-client.js";

/** A check the runner makes failed (as opposed to an RPC failing). */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailure";
  }
}

/** Actor → current state; a state an actor leaves for a new one (rejoining, say) is remembered for cleanup. */
class StateMap extends Map<string, number> {
  readonly superseded: Array<{ actor: string; id: number }> = [];

  override set(actor: string, id: number): this {
    const previous = this.get(actor);
    if (previous !== undefined && previous !== 0 && previous !== id) this.superseded.push({ actor, id: previous });
    return super.set(actor, id);
  }
}

export class RunContext {
  /** Changes when a reinit switches ciphersuite, as in the Go runner. */
  suite: number;
  readonly states = new StateMap();
  readonly transactions = new Map<string, number>();
  readonly signers = new Map<string, number>();
  /** Join, reinit and signer handles this run was handed, to free at the end (see engine.ts). */
  readonly handedOut: Array<{ actor: string; id: number }> = [];
  private readonly outputs: Map<string, Buffer>[];

  constructor(
    readonly client: RecordingClient,
    suite: number,
    readonly encrypt: boolean,
    stepCount: number,
  ) {
    this.suite = suite;
    this.outputs = Array.from({ length: stepCount }, () => new Map<string, Buffer>());
  }

  get call(): RecordingClient["call"] {
    return this.client.call.bind(this.client);
  }

  /** The actor's current state id; 0 ("none") when it has none, as Go's map lookup gives. */
  state(actor: string): number {
    return this.states.get(actor) ?? 0;
  }

  signer(actor: string): number {
    return this.signers.get(actor) ?? 0;
  }

  /** Remembers a handle other than a state so the end of the run can free it. */
  adopt(actor: string, id: number): number {
    if (id !== 0) this.handedOut.push({ actor, id });
    return id;
  }

  /**
   * A handle the run no longer holds, so the end of the run does not free
   * it: a step freed it (a branch's parent states), or the call just made
   * used it up: JoinGroup consumes its join handle (semantics.md), and
   * HandleBranch, ReInitWelcome and HandleReInitWelcome join from theirs the
   * same way. On a server that follows the rule, a Free could only answer
   * NOT_FOUND: a wasted round trip for every joiner of every run. A server
   * that keeps a joined-from handle keeps it, as it would under the Go
   * runner, which frees states only.
   */
  released(actor: string, id: number): void {
    for (const list of [this.handedOut, this.states.superseded]) {
      const at = list.findIndex((h) => h.actor === actor && h.id === id);
      if (at >= 0) list.splice(at, 1);
    }
  }

  transaction(actor: string): number {
    const id = this.transactions.get(actor);
    if (id === undefined) throw new CheckFailure(`Malformed step: No transaction for ${actor}`);
    return id;
  }

  store(index: number, key: string, value: Uint8Array): void {
    this.outputs[index]?.set(key, Buffer.from(value));
  }

  message(index: number, key: string): Buffer {
    const value = this.outputs[index]?.get(key);
    if (value === undefined) throw new CheckFailure(`No message for key ${key} at step ${index}`);
    return value;
  }

  /** Both sides of an epoch must derive the same authenticator. */
  agree(actual: Uint8Array, expected: Uint8Array, failure: string): void {
    if (!Buffer.from(actual).equals(Buffer.from(expected))) throw new CheckFailure(failure);
  }

  /** The script's original group id (step 0's), with `++` for a new one. */
  groupIdFor(change: boolean): Buffer {
    const original = this.message(0, "group_id");
    return change ? Buffer.concat([original, Buffer.from("++")]) : original;
  }

  /**
   * Moves the run to another ciphersuite that every actor's server supports.
   * Go picks an arbitrary one from a map; we pick the lowest so that reruns
   * do the same thing.
   */
  changeCipherSuite(): void {
    let common: Set<number> | undefined;
    for (const actor of this.client.actors) {
      const suites = this.client.binding(actor).suites;
      common = common === undefined ? new Set(suites) : new Set(suites.filter((s) => common?.has(s)));
    }
    const remaining = [...(common ?? [])].filter((s) => s !== this.suite).sort((a, b) => a - b);
    const next = remaining[0];
    if (next === undefined) throw new CheckFailure("no remaining supported ciphersuite");
    this.suite = next;
  }
}
