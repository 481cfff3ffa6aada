// Compiled files live under dist/, sources under src/; both find the checkout
// root (and through it ../shared and configs/) by looking for package.json.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The working group's material beside every checkout and CI run, when present. */
export function sharedDir(): string {
  return resolve(projectRoot(), "..", "shared");
}
