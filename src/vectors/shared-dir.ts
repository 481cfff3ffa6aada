// Locating the working group's shared folder: `../shared` seen from where the
// command runs, else from the package root (so the installed command and the
// tests both find it from a checkout).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { vectorFolders } from "./loader.js";

/** The folder holding this package's package.json (configs/ is beside it). */
export function projectRootOf(): string {
  const root = packageRoot();
  if (root === undefined) throw new Error("no package.json above the vectors module");
  return root;
}

function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function holdsVectors(dir: string): boolean {
  return vectorFolders.some((folder) => existsSync(join(dir, folder)));
}

/** The candidates looked at, in order, for messages that say where we searched. */
export function defaultSharedCandidates(cwd: string = process.cwd()): string[] {
  const fromRoot = packageRoot();
  const candidates = [resolve(cwd, "..", "shared")];
  if (fromRoot !== undefined) candidates.push(resolve(fromRoot, "..", "shared"));
  return [...new Set(candidates)];
}

/** The default --dir, or undefined when no candidate holds test-vectors/ or interop/passive/. */
export function findSharedDir(cwd: string = process.cwd()): string | undefined {
  return defaultSharedCandidates(cwd).find(holdsVectors);
}
