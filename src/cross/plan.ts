// What a cross run plays: the combinations of stacks (every pair of the
// chosen stacks, and each stack alone), and for each the work items its
// runners play. An item is one runner's session on freshly started servers
// of its combination:
//
// - the full pass: every assignment of the combination's servers to the
//   actors, both modes, on the suites played in full (suite 1 by default),
//   with our runner (the matrix cut into shards so that several items play
//   at once) and with the Go runner (one process per config and suite, as it
//   reads one config and takes one -suite);
// - the random pass: one seeded random assignment per script, suite and mode
//   on every other suite both stacks support.
//
// A stack alone is one server holding every actor: one assignment per
// script, suite and mode, so all its suites are played in full.
// Items are ordered largest first so that the lanes finish together.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, Script } from "../runner/config.js";
import type { Shard } from "../runner/matrix.js";

export type Runner = "go" | "ours";
export type Pass = "full" | "random";

/** One or two stacks played together. */
export interface Combo {
  /** `a×b` for a pair, `a` for a stack alone. */
  id: string;
  stacks: string[];
}

export const comboId = (stacks: readonly string[]): string => stacks.join("×");
/** A file name for the combination: `a--b`, or `a`. */
export const comboFile = (combo: Combo): string => combo.stacks.join("--");

/**
 * Every pair of the stacks (in the order given, each pair once) and, unless
 * left out, each stack alone. `only` keeps the combinations whose ids it
 * lists (`a×b` matches `b×a` too).
 */
export function combos(stacks: readonly string[], options: { alone: boolean; only?: readonly string[][] }): Combo[] {
  const out: Combo[] = [];
  for (let i = 0; i < stacks.length; i++) {
    if (options.alone) out.push({ id: stacks[i] as string, stacks: [stacks[i] as string] });
    for (let j = i + 1; j < stacks.length; j++) {
      const pair = [stacks[i] as string, stacks[j] as string];
      out.push({ id: comboId(pair), stacks: pair });
    }
  }
  if (options.only === undefined) return out;
  const wanted = options.only.map((s) => [...s].sort().join("\0"));
  return out.filter((c) => wanted.includes([...c.stacks].sort().join("\0")));
}

export interface Invocation {
  /** The config files the process reads (Go: one). */
  configs: string[];
  /** Config name of the Go runner's results (which name none). */
  configName?: string;
  /** Suites the session plays. */
  suites: number[];
  random: boolean;
  shard?: Shard;
  /** Our runner's --script filters. */
  scripts?: string[];
  out: string;
  log: string;
}

export interface Item {
  id: string;
  combo: Combo;
  runner: Runner;
  pass: Pass;
  /** Runs it plays, for ordering. */
  cost: number;
  invocations: Invocation[];
}

export interface ComboSuites {
  combo: Combo;
  /** Played with every assignment. */
  full: number[];
  /** Played with one seeded random assignment per script, suite and mode. */
  random: number[];
}

export interface PlanInput {
  configs: readonly Config[];
  /** --script filters; the Go runner gets configs cut down to them. */
  scripts: readonly string[];
  combos: readonly ComboSuites[];
  withGo: boolean;
  /** Shards our runner's full pass is cut into (1: one item). */
  shards: number;
  /** A user's --shard: only this slice of each session, no further cutting. */
  shard?: Shard;
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
  const file = join(dir, "configs", config.name);
  const raw = JSON.parse(readFileSync(config.path, "utf8")) as { scripts: Record<string, unknown> };
  const keep = config.scripts.filter((s) => selected(s, filters)).map((s) => s.name);
  const cut = { scripts: Object.fromEntries(Object.entries(raw.scripts).filter(([name]) => keep.includes(name))) };
  mkdirSync(join(dir, "configs"), { recursive: true });
  writeFileSync(file, `${JSON.stringify(cut, null, 2)}\n`);
  return file;
}

export function planItems(input: PlanInput): Item[] {
  const items: Item[] = [];
  const configs = input.configs
    .map((c) => ({ config: c, scripts: c.scripts.filter((s) => selected(s, input.scripts)) }))
    .filter((c) => c.scripts.length > 0);
  const goConfigs = new Map(configs.map(({ config }) => [config.name, goConfig(config, input.scripts, input.dir)]));
  const runs = (servers: number, random: boolean) =>
    configs.reduce((n, c) => n + c.scripts.reduce((m, s) => m + runsOf(s, servers, random), 0), 0);

  for (const { combo, full, random: randomSuites } of input.combos) {
    const dir = join(input.dir, comboFile(combo));
    mkdirSync(dir, { recursive: true });
    const servers = combo.stacks.length;
    const passes = [
      { pass: "full" as const, suites: full },
      { pass: "random" as const, suites: randomSuites },
    ].filter((p) => p.suites.length > 0);
    for (const { pass, suites } of passes) {
      const random = pass === "random";
      // A user's --shard leaves the Go runner out: it cannot be cut.
      if (input.withGo && input.shard === undefined) {
        for (const suite of suites) {
          const invocations = configs.map(({ config }) => ({
            configs: [goConfigs.get(config.name) as string],
            configName: config.name,
            suites: [suite],
            random,
            out: join(dir, `go-${pass}-suite${suite}-${config.name}`),
            log: join(dir, `go-${pass}-suite${suite}-${config.name.replace(/\.json$/, "")}.log`),
          }));
          // The full pass: an item per config; the random pass is small, one item per suite.
          const groups = random ? [invocations] : invocations.map((inv) => [inv]);
          for (const group of groups)
            items.push({
              id: `${combo.id} go ${pass} suite ${suite}${random ? "" : ` ${group[0]?.configName}`}`,
              combo,
              runner: "go",
              pass,
              cost: group.reduce(
                (n, inv) =>
                  n +
                  (configs.find((c) => c.config.name === inv.configName)?.scripts ?? []).reduce(
                    (m, s) => m + runsOf(s, servers, random),
                    0,
                  ),
                0,
              ),
              invocations: group,
            });
        }
      }
      const shards = input.shard !== undefined || random || servers === 1 ? 1 : Math.max(1, input.shards);
      for (let i = 1; i <= shards; i++) {
        const shard = input.shard ?? (shards === 1 ? undefined : { index: i, count: shards });
        const name = `ours-${pass}${shard === undefined ? "" : `-shard${shard.index}of${shard.count}`}`;
        items.push({
          id: `${combo.id} ours ${pass}${shard === undefined ? "" : ` shard ${shard.index}/${shard.count}`}`,
          combo,
          runner: "ours",
          pass,
          cost: (runs(servers, random) * suites.length) / shards,
          invocations: [
            {
              configs: configs.map((c) => c.config.path),
              suites,
              random,
              shard,
              scripts: [...input.scripts],
              out: join(dir, `${name}.json`),
              log: join(dir, `${name}.log`),
            },
          ],
        });
      }
    }
  }
  return items.sort((a, b) => b.cost - a.cost);
}

/** A fingerprint of the configs played, for the reports and for merging shards. */
export function configDigest(configs: readonly Config[]): string {
  const hash = createHash("sha256");
  for (const c of [...configs].sort((a, b) => (a.name < b.name ? -1 : 1)))
    hash.update(`${c.name}\0`).update(readFileSync(c.path)).update("\0");
  return hash.digest("hex");
}
