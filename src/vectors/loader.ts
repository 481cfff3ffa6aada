// Finding vector files under the shared folder and reading them into cases.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
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
