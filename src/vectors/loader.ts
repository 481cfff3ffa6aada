// Finding vector files under the shared folder and reading them into cases.
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Fields, parseJsonArray, readInputFile } from "./fields.js";

/** Where the two kinds of vector live below the shared folder. */
export const vectorFolders = ["test-vectors", "interop/passive"] as const;

export interface VectorFile {
  /** Relative to the shared folder, with forward slashes: "test-vectors/tree-math.json". */
  readonly name: string;
  readonly path: string;
}

/** Every .json file in the vector folders, in a stable order; missing folders yield nothing. */
export function findVectorFiles(dir: string): VectorFile[] {
  const files: VectorFile[] = [];
  for (const folder of vectorFolders) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    for (const entry of readdirSync(path)
      .filter((e) => e.endsWith(".json"))
      .sort())
      files.push({ name: `${folder}/${entry}`, path: join(path, entry) });
  }
  return files;
}

const slashes = (path: string) => path.split(sep).join("/");

/** Named relative to `dir` when inside it (so expected failures apply), else as given. */
function nameFor(path: string, given: string, dir: string | undefined): string {
  const inside = dir === undefined ? undefined : relative(dir, path);
  return inside !== undefined && inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)
    ? slashes(inside)
    : slashes(given);
}

/**
 * Files named on the command line, anywhere; a folder stands for the .json
 * files directly in it (another stack's test_vectors/, say). Throws when a
 * path does not exist.
 */
export function namedVectorFiles(paths: readonly string[], dir: string | undefined): VectorFile[] {
  const files = new Map<string, VectorFile>();
  for (const given of paths) {
    const path = resolve(given);
    const entries = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((e) => e.endsWith(".json"))
          .sort()
          .map((e) => [join(path, e), join(given, e)] as const)
      : [[path, given] as const];
    for (const [file, name] of entries) files.set(file, { name: nameFor(file, name, dir), path: file });
  }
  return [...files.values()];
}

/** The file name a vector case is reported under: "tree-math.json". */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export function readVectorArray(file: VectorFile): unknown[] {
  const name = baseName(file.name);
  return parseJsonArray(readInputFile(file.path, name), name, "cases");
}

/**
 * Parses one case with a suite's parser; a malformed case becomes an Error
 * whose message names the file, the case index and the field.
 */
export function parseCase<C>(raw: unknown, fileName: string, index: number, parse: (f: Fields) => C): C {
  return parse(Fields.of(raw, `${fileName} case ${index}`));
}
