// ┌──────────────────────────────────────────────────────────────────────────┐
// │ WORKAROUND MODULE: where ts-mls's own files are, and loading one.        │
// │                                                                          │
// │ ts-mls's package.json `exports` only exposes its index, yet the server   │
// │ needs some of its internal functions. They are loaded by path from the   │
// │ installed package's files, through this module, by the binding's         │
// │ *-internals.ts files alone (one per purpose: tree, path, labeled crypto, │
// │ key schedule, message, commit, welcome, codec; each says what for) and   │
// │ the load-time codec substitute in rfc-codecs/. The rest of the code base │
// │ imports the functions from those files, so an upgrade of ts-mls has one  │
// │ folder to re-check: src/ts-mls/. Nothing is copied or patched: these are │
// │ the library's own functions; src/packaging/layering.test.ts holds this.  │
// │ Imports nothing of ts-mls: the codec hook's registration uses it before  │
// │ the library loads.                                                       │
// └──────────────────────────────────────────────────────────────────────────┘
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const libraryIndex = pathToFileURL(createRequire(import.meta.url).resolve("ts-mls"));

/** A file of the installed ts-mls's dist/src, as a URL. */
export function libraryModule(file: string): string {
  return new URL(file, libraryIndex).href;
}

/** One of ts-mls's own modules, typed by what the caller uses of it. */
export async function loadInternals<T>(file: string): Promise<T> {
  return (await import(libraryModule(file))) as T;
}
