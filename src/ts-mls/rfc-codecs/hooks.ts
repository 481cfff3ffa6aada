// Module customization hooks (node:module register), run on Node's hooks
// thread. One job: whoever imports ts-mls's extension codec module by its
// own URL gets our replacement instead. Any other URL, including the
// original's with a query (how the replacement reaches it), passes through.
import type { InitializeHook, ResolveHook } from "node:module";

export interface HookData {
  /** The exact URL to substitute. */
  substituted: string;
  /** What to hand out instead. */
  replacement: string;
}

let data: HookData | undefined;

export const initialize: InitializeHook<HookData> = (given) => {
  data = given;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  if (data === undefined || resolved.url !== data.substituted) return resolved;
  return { url: data.replacement, shortCircuit: true };
};
