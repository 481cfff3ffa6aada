// What a cross run plays, as work items for its lanes (a lane is one of our
// servers and one peer server, each item played on one lane at a time):
//
// - the full pass: one suite (1), both modes, every assignment, with the Go
//   runner (one process per config, as it reads one config) and with ours
//   (the matrix cut into shards so the lanes share it);
// - the random pass: one random assignment per script and mode on every
//   other suite both servers support, with each runner.
//
// Items are ordered largest first so that the lanes finish together.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, Script } from "../runner/config.js";
import type { Pass, Runner } from "./analysis.js";

export interface Invocation {
  /** The config file the process reads (Go) or the configs (ours); the results' config name for Go. */
  configs: string[];
  /** Config name of the Go runner's results (which name none). */
  configName?: string;
  out: string;
  log: string;
  shard?: string;
  /** Our runner's --script filters. */
  scripts?: string[];
}

export interface Item {
  id: string;
  runner: Runner;
  pass: Pass;
  suite: number;
  /** Runs it plays, for ordering. */
  cost: number;
  invocations: Invocation[];
}

export interface PlanInput {
  configs: readonly Config[];
  /** --script filters; the Go runner gets configs cut down to them. */
  scripts: readonly string[];
  fullSuite?: number;
  randomSuites: readonly number[];
  withGo: boolean;
  lanes: number;
  dir: string;
}

function runsOf(script: Script, servers: number, random: boolean): number {
  return 2 * (random ? 1 : servers ** script.actors.length);
}

function selected(script: Script, filters: readonly string[]): boolean {
  return filters.length === 0 || filters.some((f) => f === script.name || f === `${script.config}/${script.name}`);
}

/** The config as the Go runner must read it: only the selected scripts (it has no script filter). */
function goConfig(config: Config, filters: readonly string[], dir: string): string {
  if (filters.length === 0) return config.path;
  const raw = JSON.parse(readFileSync(config.path, "utf8")) as { scripts: Record<string, unknown> };
  const keep = config.scripts.filter((s) => selected(s, filters)).map((s) => s.name);
  const cut = { scripts: Object.fromEntries(Object.entries(raw.scripts).filter(([name]) => keep.includes(name))) };
  mkdirSync(join(dir, "configs"), { recursive: true });
  const file = join(dir, "configs", config.name);
  writeFileSync(file, `${JSON.stringify(cut, null, 2)}\n`);
  return file;
}

export function planItems(input: PlanInput): Item[] {
  const items: Item[] = [];
  const configs = input.configs
    .map((c) => ({ config: c, scripts: c.scripts.filter((s) => selected(s, input.scripts)) }))
    .filter((c) => c.scripts.length > 0);
  const configPaths = configs.map((c) => c.config.path);
  const out = (...parts: string[]) => join(input.dir, ...parts);
  mkdirSync(out("go"), { recursive: true });
  mkdirSync(out("ours"), { recursive: true });

  const passes: Array<{ pass: Pass; suite: number }> = [
    ...(input.fullSuite === undefined ? [] : [{ pass: "full" as const, suite: input.fullSuite }]),
    ...input.randomSuites.map((suite) => ({ pass: "random" as const, suite })),
  ];
  for (const { pass, suite } of passes) {
    const random = pass === "random";
    const tag = `${pass}-suite${suite}`;
    if (input.withGo) {
      // Full pass: one item per config; random pass: all configs in one item (they are small).
      const groups = random ? [configs] : configs.map((c) => [c]);
      for (const group of groups) {
        const invocations = group.map(({ config }) => ({
          configs: [goConfig(config, input.scripts, input.dir)],
          configName: config.name,
          out: out("go", `${tag}-${config.name}`),
          log: out("go", `${tag}-${config.name.replace(/\.json$/, "")}.log`),
        }));
        const cost = group.reduce((n, c) => n + c.scripts.reduce((m, s) => m + runsOf(s, 2, random), 0), 0);
        items.push({
          id: `go ${tag}${random ? "" : ` ${group[0]?.config.name}`}`,
          runner: "go",
          pass,
          suite,
          cost,
          invocations,
        });
      }
    }
    const total = configs.reduce((n, c) => n + c.scripts.reduce((m, s) => m + runsOf(s, 2, random), 0), 0);
    // Ours shards the full matrix (round robin, so shards are alike) over twice the lanes, to even them out.
    const shards = random ? 1 : Math.max(1, 2 * input.lanes);
    for (let i = 1; i <= shards; i++) {
      const name = shards === 1 ? tag : `${tag}-shard${i}of${shards}`;
      items.push({
        id: `ours ${name}`,
        runner: "ours",
        pass,
        suite,
        cost: total / shards,
        invocations: [
          {
            configs: configPaths,
            out: out("ours", `${name}.json`),
            log: out("ours", `${name}.log`),
            shard: shards === 1 ? undefined : `${i}/${shards}`,
            scripts: [...input.scripts],
          },
        ],
      });
    }
  }
  return items.sort((a, b) => b.cost - a.cost);
}

/** A fingerprint of the configs played, for the report. */
export function configDigest(configs: readonly Config[]): string {
  const hash = createHash("sha256");
  for (const c of [...configs].sort((a, b) => (a.name < b.name ? -1 : 1)))
    hash.update(`${c.name}\0`).update(readFileSync(c.path)).update("\0");
  return hash.digest("hex");
}
