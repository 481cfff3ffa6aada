// Where the module hook's two ends live. Imports nothing of ts-mls: the hook
// must be registered before any ts-mls module loads.
import { libraryModule } from "../library-module.js";

/**
 * The modules of ts-mls the hook substitutes: each at the URL the library's
 * own modules import it from, and ours that the hook hands out instead.
 */
export const substitutions: ReadonlyArray<{ file: string; substituted: string; replacement: string }> = [
  // external_senders as RFC 9420's list (KNOWN-ISSUES.md#external-senders-encoding)
  "./extension.js",
  // any ProtocolVersion in Capabilities.versions (KNOWN-ISSUES.md#capabilities-unknown-version)
  "./capabilities.js",
].map((file) => ({ file, substituted: libraryModule(file), replacement: new URL(file, import.meta.url).href }));

/**
 * A substituted module as released. The query makes a URL the hook does not
 * match, so the replacement (and the test of the library's shape) can still
 * reach the original.
 */
export function asReleased(file: string): string {
  return `${libraryModule(file)}?as-released`;
}

/** The module `node --import` takes (npm test, vector worker threads). */
export const preloadModule = new URL("./preload.js", import.meta.url).href;
