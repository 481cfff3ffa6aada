// The house's layout, read from its imports: no import circles, and rooms
// that read top-down with no arrow back up (docs/development.md lists them).
// Every relative import of every .ts file under src/ and bench/ counts,
// type-only ones included, since a circle or an upward arrow of types still
// ties the modules' layout together. TypeScript's own pre-processor finds the
// specifiers (static imports, `export ... from`, `import("./x.js")` with a
// literal), so comments and strings that look like imports are not counted.
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

// ── Layering ────────────────────────────────────────────────────────────────

interface Room {
  /** A folder (ending in "/") or one file, relative to the repository root. */
  readonly path: string;
  /** What the room holds, which is what it is named for. */
  readonly holds: string;
}

interface Layout {
  /** The program's rooms, top to bottom. */
  readonly program: readonly Room[];
  /** Tests, their shared helpers and tools: above every room, imported by tests alone. */
  readonly tests: readonly Room[];
  /** Rooms that are clients of an MLSClient server, any stack's, and so import nothing of... */
  readonly clientSide: readonly string[];
  /** ...the rooms of ours. */
  readonly serverSide: readonly string[];
  /** The one module that finds and loads the library's own files. */
  readonly loader: string;
  /** Who may import the loader: the marked internals modules and the load-time codec. */
  readonly loaderUsers: RegExp;
  /** The marked internals modules. */
  readonly internals: RegExp;
  /** Rooms whose code may import internals (tests anywhere may too). */
  readonly internalsReaders: readonly string[];
}

const layout: Layout = {
  program: [
    { path: "src/cli/", holds: "the mls-interop command, one module per subcommand" },
    { path: "src/cross/", holds: "cross-stack runs: other stacks' servers, both runners, the report" },
    { path: "src/runner/", holds: "our scenario runner, a client of any MLSClient server" },
    { path: "src/vectors/", holds: "the working group's test vectors, replayed through our code" },
    { path: "src/transport/", holds: "gRPC wiring: the method table, server, limits, status mapping, logging" },
    { path: "src/methods/", holds: "one module per family of MLSClient methods, and the member state they share" },
    { path: "src/protocol/", holds: "the RFC 9420 constructions we own, one per file" },
    { path: "src/ts-mls/", holds: "the binding to ts-mls: its internals, codecs, error texts, workarounds" },
    { path: "src/crypto/", holds: "our crypto provider around ts-mls's" },
    { path: "src/store/", holds: "the handle store" },
    { path: "src/gen/", holds: "the wire contract's generated types" },
    { path: "src/errors.ts", holds: "the one error type, carrying its gRPC status, used at every boundary" },
  ],
  tests: [
    { path: "src/testing/", holds: "helpers shared by tests: servers, clients, scenarios" },
    { path: "src/known-issues/", holds: "one test per ts-mls defect, against the library itself" },
    { path: "src/packaging/", holds: "tests of the package, the image, the Makefile and the layout" },
    { path: "bench/", holds: "the benchmarks" },
  ],
  clientSide: ["src/cross/", "src/runner/"],
  serverSide: ["src/transport/", "src/methods/", "src/protocol/", "src/ts-mls/", "src/crypto/", "src/store/"],
  loader: "src/ts-mls/library-module.ts",
  loaderUsers: /^src\/ts-mls\/(?:[\w-]+-internals\.ts|rfc-codecs\/)/,
  internals: /^src\/ts-mls\/[\w-]+-internals\.ts$/,
  internalsReaders: ["src/ts-mls/", "src/protocol/", "src/vectors/"],
};

/**
 * Imports the rules refuse that stay for now, each with the reason: the
 * test fails when one of them goes too, so this list only shrinks.
 */
const pending: ReadonlyArray<{ edge: string; why: string }> = [
  {
    edge: "src/runner/session.test.ts -> src/cli/run.ts",
    why: "tests of `mls-interop run`'s exit statuses live beside the runner; they belong in src/cli/",
  },
  {
    edge: "src/runner/matrix.test.ts -> src/cross/go-combinations.ts",
    why: "the model of the Go runner's combinations() lives with cross; the runner's matrix test compares with it",
  },
];

const within = (path: string, room: string): boolean => (room.endsWith("/") ? path.startsWith(room) : path === room);

function roomsOf(path: string, rooms: readonly Room[]): Room[] {
  return rooms.filter((room) => within(path, room.path));
}

const isTest = (path: string): boolean => path.endsWith(".test.ts");

/** Helpers that only tests may use: a `testing/` folder or a `testing.ts` in a program room. */
const isTestingHelper = (path: string): boolean => /(?:^|\/)testing(?:\/|\.ts$)/.test(path);

/** What the rules refuse, one line per import: "from -> to: why". */
function layeringViolations(graph: Graph, plan: Layout): string[] {
  const problems: string[] = [];
  const indexOf = (path: string) => plan.program.findIndex((room) => within(path, room.path));
  const inTests = (path: string) => roomsOf(path, plan.tests).length > 0;
  const onSide = (path: string, side: readonly string[]) => side.some((room) => within(path, room));
  for (const [from, targets] of graph) {
    const testCode = isTest(from) || isTestingHelper(from) || inTests(from);
    for (const to of targets) {
      const edge = `${from} -> ${to}`;
      if (inTests(to) || isTestingHelper(to) || isTest(to)) {
        if (!testCode) problems.push(`${edge}: program code imports test code`);
        continue;
      }
      if (to === plan.loader && !plan.loaderUsers.test(from))
        problems.push(`${edge}: only the marked internals modules load the library's own files`);
      if (plan.internals.test(to) && !testCode && !onSide(from, plan.internalsReaders))
        problems.push(`${edge}: reaches into the library's internals, which only the binding and protocol use`);
      if (inTests(from)) continue;
      const [above, below] = [indexOf(from), indexOf(to)];
      if (above > below) problems.push(`${edge}: imports a room above its own`);
      if (onSide(from, plan.clientSide) && onSide(to, plan.serverSide))
        problems.push(`${edge}: a client of MLSClient servers imports the server`);
    }
  }
  return problems;
}

test("the layering check refuses upward imports, test code in the program, the client in the server, internals", () => {
  const plan: Layout = {
    program: [
      { path: "src/top/", holds: "" },
      { path: "src/client/", holds: "" },
      { path: "src/server/", holds: "" },
      { path: "src/lib/", holds: "" },
      { path: "src/low.ts", holds: "" },
    ],
    tests: [{ path: "src/testing/", holds: "" }],
    clientSide: ["src/client/"],
    serverSide: ["src/server/", "src/lib/"],
    loader: "src/lib/load.ts",
    loaderUsers: /^src\/lib\/[\w-]+-internals\.ts$/,
    internals: /^src\/lib\/[\w-]+-internals\.ts$/,
    internalsReaders: ["src/lib/"],
  };
  const graph = new Map([
    ["src/top/a.ts", ["src/client/b.ts", "src/server/c.ts", "src/low.ts"]],
    ["src/client/b.ts", ["src/low.ts", "src/server/c.ts"]],
    ["src/server/c.ts", ["src/top/a.ts", "src/lib/x-internals.ts", "src/server/testing/fake.ts"]],
    ["src/server/c.test.ts", ["src/testing/servers.ts", "src/server/testing/fake.ts", "src/lib/x-internals.ts"]],
    ["src/server/testing/fake.ts", ["src/server/c.ts"]],
    ["src/lib/x-internals.ts", ["src/lib/load.ts"]],
    ["src/lib/y.ts", ["src/lib/load.ts", "src/lib/x-internals.ts"]],
    ["src/testing/servers.ts", ["src/top/a.ts"]],
    ["src/low.ts", []],
  ]);
  assert.deepEqual(layeringViolations(graph, plan), [
    "src/client/b.ts -> src/server/c.ts: a client of MLSClient servers imports the server",
    "src/server/c.ts -> src/top/a.ts: imports a room above its own",
    "src/server/c.ts -> src/lib/x-internals.ts: reaches into the library's internals, which only the binding and protocol use",
    "src/server/c.ts -> src/server/testing/fake.ts: program code imports test code",
    "src/lib/y.ts -> src/lib/load.ts: only the marked internals modules load the library's own files",
  ]);
});

test("every .ts file under src/ and bench/ is in exactly one declared room, and each room holds some", () => {
  const graph = importGraph(repoRoot, ["src", "bench"]);
  const rooms = [...layout.program, ...layout.tests];
  const misplaced = [...graph.keys()]
    .map((file) => [file, roomsOf(file, rooms).map((r) => r.path)] as const)
    .filter(([, found]) => found.length !== 1)
    .map(([file, found]) => `${file}: ${found.length === 0 ? "in no room" : `in ${found.join(", ")}`}`);
  assert.deepEqual(misplaced, [], "declare the room in src/packaging/layering.test.ts (and docs/development.md)");
  const empty = rooms.filter((room) => ![...graph.keys()].some((file) => within(file, room.path)));
  assert.deepEqual(empty, [], "a declared room with no file left in it");
});

test("rooms import only downwards, tests alone import test code, the runner none of the server, internals stay in", () => {
  const problems = layeringViolations(importGraph(repoRoot, ["src", "bench"]), layout);
  const left = pending.map((p) => p.edge);
  assert.deepEqual(
    problems.filter((p) => !left.some((edge) => p.startsWith(`${edge}:`))),
    [],
    "imports against the layering (docs/development.md)",
  );
  const gone = left.filter((edge) => !problems.some((p) => p.startsWith(`${edge}:`)));
  assert.deepEqual(gone, [], "these pending imports are gone: remove them from `pending`");
});

test("outside the binding, the program resolves none of ts-mls's own files", () => {
  const graph = importGraph(repoRoot, ["src"]);
  const reaching = [...graph.keys()]
    .filter((file) => layout.program.some((room) => within(file, room.path)) && !within(file, "src/ts-mls/"))
    .filter((file) =>
      /resolve\(\s*["']ts-mls["']\s*\)|ts-mls\/dist\//.test(readFileSync(join(repoRoot, file), "utf8")),
    );
  assert.deepEqual(reaching, [], "load the library's files through src/ts-mls/library-module.ts");
});
