// Registers the module hook of src/ts-mls/rfc-codecs (see extension.ts).
// It only takes effect for modules loaded after it, so entry points call it
// before anything loads ts-mls: src/cli/main.ts before loading a subcommand,
// `node --import preload.js` (npm test, vector worker threads) before the
// entry script. Imports nothing of ts-mls.
import { register } from "node:module";
import type { HookData } from "./hooks.js";
import { preloadModule, substitutions } from "./locations.js";

// Per thread: hooks registered on the main thread do not reach worker
// threads in Node 20, and a thread registers at most once.
const registered = Symbol.for("mls-interop-ts.rfc-codecs.registered");

export function registerRfcCodecs(): void {
  const global = globalThis as { [registered]?: boolean };
  if (global[registered] === true) return;
  const data: HookData = { replacements: Object.fromEntries(substitutions.map((s) => [s.substituted, s.replacement])) };
  register(new URL("./hooks.js", import.meta.url), { data });
  global[registered] = true;
}

/** Whether this thread registered the hook (it may still have come too late: see rfcCodecsActive). */
export function rfcCodecsRegistered(): boolean {
  return (globalThis as { [registered]?: boolean })[registered] === true;
}

/**
 * Options for a worker thread that must run what this thread runs: Node 20
 * does not pass module hooks on to workers, so a worker of a thread that
 * registered the hook preloads the registration itself. Only that flag:
 * given explicitly, the parent's per-process flags (--expose-gc, --title)
 * would make the Worker constructor throw.
 */
export function workerOptions(): { execArgv: string[] } | undefined {
  return rfcCodecsRegistered() ? { execArgv: ["--import", preloadModule] } : undefined;
}
