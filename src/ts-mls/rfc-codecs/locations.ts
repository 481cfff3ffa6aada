// Where the module hook's two ends live. Imports nothing of ts-mls: the hook
// must be registered before any ts-mls module loads.
import { libraryModule } from "../library-module.js";

/** ts-mls's extension codec module, at the URL its own modules import it from: what the hook substitutes. */
export const substitutedModule = libraryModule("./extension.js");

/**
 * The same module as released. The query makes a URL the hook does not match,
 * so the replacement (and the test of the library's shape) can still reach
 * the original.
 */
export const asReleasedModule = `${substitutedModule}?as-released`;

/** Our replacement, which the hook hands out instead. */
export const replacementModule = new URL("./extension.js", import.meta.url).href;

/** The module `node --import` takes (npm test, vector worker threads). */
export const preloadModule = new URL("./preload.js", import.meta.url).href;
