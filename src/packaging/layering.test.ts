// No import circles (DEVELOPERS.md): every relative import of every .ts file
// under src/ and bench/, type-only ones included, since a circle of types
// still ties the modules' layout together. TypeScript's own pre-processor
// finds the specifiers (static imports, `export ... from`, `import("./x.js")`
// with a literal), so comments and strings that look like imports are not
// counted.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { repoRoot } from "../testing/paths.js";

type Graph = ReadonlyMap<string, readonly string[]>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Relative specifiers of one source text, in order of appearance. */
function relativeImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith("./") || s.startsWith("../"));
}

/** NodeNext: `./x.js` is the compiled name of `./x.ts`. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier.replace(/\.js$/, ".ts"));
  return target.endsWith(".ts") && existsSync(target) ? target : undefined;
}

/** File → the files it imports, every path relative to `root` with forward slashes. */
function importGraph(root: string, folders: readonly string[]): Map<string, string[]> {
  const name = (path: string) => relative(root, path).split(sep).join("/");
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((f) => tsFiles(join(root, f))).sort()) {
    const targets = relativeImports(readFileSync(file, "utf8"))
      .map((s) => resolveSpecifier(file, s))
      .filter((t) => t !== undefined);
    graph.set(name(file), [...new Set(targets.map(name))]);
  }
  return graph;
}

/**
 * One circle per strongly connected component (Tarjan), written as the path
 * that goes round it: ["a.ts", "b.ts", "a.ts"]. A module importing itself
 * counts too.
 */
function findCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((c) => circleThrough(graph, new Set(c)));
}

/** The shortest way from the component's first node (by name) back to itself. */
function circleThrough(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        return [start, ...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  throw new Error(`no circle through ${start}`);
}

test("the cycle finder names a circle, a self-import and nothing in a diamond", () => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts", "d.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", []],
    ["e.ts", ["e.ts"]],
  ]);
  assert.deepEqual(findCycles(graph), [
    ["a.ts", "b.ts", "c.ts", "a.ts"],
    ["e.ts", "e.ts"],
  ]);
  const diamond = new Map([
    ["top.ts", ["left.ts", "right.ts"]],
    ["left.ts", ["bottom.ts"]],
    ["right.ts", ["bottom.ts"]],
    ["bottom.ts", []],
  ]);
  assert.deepEqual(findCycles(diamond), []);
});

test("the cycle finder gives the shortest way round a tangle", () => {
  const graph = new Map([
    ["a.ts", ["b.ts", "d.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", ["a.ts"]],
  ]);
  assert.deepEqual(findCycles(graph), [["a.ts", "d.ts", "a.ts"]]);
});

test("every kind of relative import is an edge; comments, strings and packages are not", () => {
  const source = [
    'import type { A } from "./a.js";',
    'import { type B } from "../b.js";',
    'export * from "./c.js";',
    'export type { D } from "./d.js";',
    'import "./e.js";',
    'const f = await import("./f.js");',
    "const g = await import(someName);",
    '// import { h } from "./h.js";',
    "const i = 'import { i } from \"./i.js\"';",
    'const j = new URL("./j.js", import.meta.url);',
    'import { k } from "node:fs";',
    'import { l } from "ts-mls";',
  ].join("\n");
  assert.deepEqual(relativeImports(source), ["./a.js", "../b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
});

test("no import circles in src/ or bench/", () => {
  const graph = importGraph(repoRoot, ["src", "bench"]);
  assert.ok(graph.size > 100, `only ${graph.size} .ts files found under ${repoRoot}`);
  const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
  assert.ok(edges > graph.size, `only ${edges} relative imports found: is the parser reading the files?`);
  const cycles = findCycles(graph);
  assert.deepEqual(cycles, [], `import circles:\n${cycles.map((c) => `  ${c.join(" -> ")}`).join("\n")}`);
});
