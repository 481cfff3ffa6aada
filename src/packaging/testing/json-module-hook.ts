// A module hook for the tests that load @actions/workflow-parser: its ES
// modules import the workflow schema as `import schema from "./x.json"`
// without the `with { type: "json" }` that Node asks of a JSON module (its
// bundlers do not). The hook hands Node that file as a module whose default
// export is the JSON, for that package's files only.
import { readFile } from "node:fs/promises";

interface LoadContext {
  importAttributes?: Record<string, string>;
}
type NextLoad = (url: string, context: LoadContext) => Promise<unknown>;

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<unknown> {
  if (url.endsWith(".json") && url.includes("/@actions/workflow-parser/") && context.importAttributes?.type !== "json")
    return {
      format: "module",
      source: `export default ${await readFile(new URL(url), "utf8")};`,
      shortCircuit: true,
    };
  return next(url, context);
}
