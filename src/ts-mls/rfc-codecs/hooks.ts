// Module customization hooks (node:module register), run on Node's hooks
// thread. One job: whoever imports one of ts-mls's codec modules that
// locations.ts lists, by its own URL, gets our replacement instead. Any other
// URL, including an original's with a query (how a replacement reaches it),
// passes through.
import type { InitializeHook, ResolveHook } from "node:module";

export interface HookData {
  /** Exact URL to substitute → what to hand out instead. */
  replacements: Record<string, string>;
}

let data: HookData | undefined;

export const initialize: InitializeHook<HookData> = (given) => {
  data = given;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  const replacement = data?.replacements[resolved.url];
  return replacement === undefined ? resolved : { url: replacement, shortCircuit: true };
};
