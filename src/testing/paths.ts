// Where tests find the repository and the working group's reference
// material (../shared beside the checkout, present in CI).
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Compiled tests run from dist/src/…; the repository root is above dist/. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export const sharedDir = resolve(repoRoot, "../shared");

/** undefined when ../shared exists, else the reason a test that needs it is skipped. */
export function sharedMissing(sub = ""): string | undefined {
  const path = resolve(sharedDir, sub);
  return existsSync(path) ? undefined : `${path} not found (the working group's reference material is absent)`;
}
