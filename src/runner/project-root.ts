// Compiled files live under dist/, sources under src/; both find the checkout
// root (and through it ../shared and configs/) by looking for package.json.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The checkout's commit, when this runs from a git checkout (an installed package has none). */
export function checkoutCommit(): string | undefined {
  const head = spawnSync("git", ["-C", projectRoot(), "rev-parse", "HEAD"], { encoding: "utf8" });
  const commit = head.status === 0 ? head.stdout.trim() : "";
  return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}
