// What one combination's results say: pass counts by distinct assignment
// for each runner, the Go runner's repeats, the verdict comparison between
// the two runners on every assignment both played, and our runner's
// failures grouped by step, side and cause with their verdict.
import { modeName } from "../runner/matrix.js";
import { type ResultRow, pairs } from "../runner/results-file.js";
import { Classification, Verdict, classify } from "./classifications.js";
import { FailureInfo, Sides, describeFailure } from "./failures.js";
import type { Pass, Runner } from "./plan.js";

export interface PlayedRow extends ResultRow {
  runner: Runner;
  pass: Pass;
  config: string;
  /** The Go runner's: stacks that fell over during the process that played this run. */
  fellOver?: string[];
}

/** One distinct assignment as a runner played it, however often. */
export interface Played {
  key: string;
  script: string;
  column: string;
  pass: Pass;
  /** actor → stack id. */
  stacks: Record<string, string>;
  /** The first failing play, else the first play. */
  row: PlayedRow;
  plays: number;
  failures: number;
}

export interface Cell {
  /** Distinct assignments, and how many of them passed every play. */
  total: number;
  passed: number;
  /** Plays, repeats included (the Go runner's). */
  runs: number;
}

export interface Tally {
  played: Map<string, Played>;
  cells: Map<string, Map<string, Cell>>;
  runs: number;
  /** Plays that passed, repeats included: the Go runner's own total. */
  passedRuns: number;
  distinct: number;
  passed: number;
  /** Assignments whose plays disagreed. */
  unrepeatable: Played[];
}

export interface Difference {
  key: string;
  go: Played;
  ours: Played;
  /** In byChance: why the failure shows in some plays only. */
  chance?: string;
}

export interface Comparison {
  compared: number;
  agree: number;
  differences: Difference[];
  /**
   * The Go runner failed where ours passed, in a Go process during which a
   * stack of the run fell over: it plays on a stack left as the panic left it
   * (ours restarts it), so these tell nothing of the runners.
   */
  afterFall: Difference[];
  /**
   * One runner failed and the other passed, where the failure is one that
   * shows in some plays only (its classification says why): the runners
   * differ by chance, not by what they do.
   */
  byChance: Difference[];
  /** Both failed, at different steps. */
  otherStep: Difference[];
  /** Assignments only the Go runner played (random passes draw differently). */
  goOnly: number;
}

export interface FailureGroup {
  script: string;
  config: string;
  name: string;
  info: FailureInfo;
  verdict?: Verdict;
  /** One per failing assignment: actor → stack id. */
  assignments: Array<{ column: string; actors: Record<string, string> }>;
}

/** What the Go runner's full pass reached of one script's assignments. */
export interface GoCoverage {
  script: string;
  runs: number;
  distinct: number;
  /** All assignments (our runner's count). */
  possible: number;
  /** Per stack, the actors it never put there. */
  never: Record<string, string[]>;
}

export interface Analysis {
  combo: string;
  stacks: readonly string[];
  scripts: string[];
  columns: string[];
  ours: Record<Pass, Tally>;
  go?: Record<Pass, Tally>;
  comparison?: Comparison;
  failures: FailureGroup[];
  /** Go runner failures on assignments our runner did not play. */
  goOnlyFailures: FailureGroup[];
  goCoverage: GoCoverage[];
}

export function columnOf(row: ResultRow): string {
  return `suite ${row.suite} ${modeName(row.encrypt)}`;
}

function stacksOf(row: PlayedRow, sides: Sides): Record<string, string> {
  return Object.fromEntries(Object.keys(row.actors).map((a) => [a, sides.of(row, a)]));
}

export function keyOf(row: PlayedRow, sides: Sides): string {
  return `${row.config}/${row.script} ${columnOf(row)} ${pairs(stacksOf(row, sides))}`;
}

export function tally(rows: readonly PlayedRow[], sides: Sides): Tally {
  const played = new Map<string, Played>();
  for (const row of rows) {
    const key = keyOf(row, sides);
    const seen = played.get(key) ?? {
      key,
      script: `${row.config}/${row.script}`,
      column: columnOf(row),
      pass: row.pass,
      stacks: stacksOf(row, sides),
      row,
      plays: 0,
      failures: 0,
    };
    seen.plays++;
    if (row.failed) {
      if (seen.failures === 0) seen.row = row;
      seen.failures++;
    }
    played.set(key, seen);
  }
  const cells = new Map<string, Map<string, Cell>>();
  let runs = 0;
  let passed = 0;
  for (const p of played.values()) {
    const row = cells.get(p.script) ?? new Map<string, Cell>();
    cells.set(p.script, row);
    const cell = row.get(p.column) ?? { total: 0, passed: 0, runs: 0 };
    row.set(p.column, cell);
    cell.total++;
    cell.runs += p.plays;
    runs += p.plays;
    if (p.failures === 0) {
      cell.passed++;
      passed++;
    }
  }
  const unrepeatable = [...played.values()].filter((p) => p.failures > 0 && p.failures < p.plays);
  const passedRuns = rows.filter((r) => !r.failed).length;
  return { played, cells, runs, passedRuns, distinct: played.size, passed, unrepeatable };
}

export function compare(
  go: ReadonlyMap<string, Played>,
  ours: ReadonlyMap<string, Played>,
  /** Why the failure of a failing assignment shows in some plays only, if it does. */
  chanceOf: (failing: Played) => string | undefined = () => undefined,
): Comparison {
  const comparison: Comparison = {
    compared: 0,
    agree: 0,
    differences: [],
    afterFall: [],
    byChance: [],
    otherStep: [],
    goOnly: 0,
  };
  for (const [key, g] of go) {
    const o = ours.get(key);
    if (o === undefined) {
      comparison.goOnly++;
      continue;
    }
    comparison.compared++;
    const fell = g.row.fellOver?.some((stack) => Object.values(g.stacks).includes(stack)) === true;
    if (g.failures > 0 && o.failures === 0 && fell) comparison.afterFall.push({ key, go: g, ours: o });
    else if (g.failures > 0 !== o.failures > 0) {
      const chance = chanceOf(g.failures > 0 ? g : o);
      if (chance === undefined) comparison.differences.push({ key, go: g, ours: o });
      else comparison.byChance.push({ key, go: g, ours: o, chance });
    } else {
      comparison.agree++;
      if (g.failures > 0 && g.row.failedStep !== o.row.failedStep) comparison.otherStep.push({ key, go: g, ours: o });
    }
  }
  return comparison;
}

/** Which rows each epoch authenticator was answered in. */
export type AuthenticatorIndex = Map<string, PlayedRow[]>;

export function indexAuthenticators(rows: readonly PlayedRow[]): AuthenticatorIndex {
  const index: AuthenticatorIndex = new Map();
  for (const row of rows) {
    for (const { value } of row.authenticators) {
      const seen = index.get(value) ?? [];
      if (!seen.includes(row)) seen.push(row);
      index.set(value, seen);
    }
  }
  return index;
}

/**
 * Every run creates its groups afresh (random group ids, fresh secrets), so
 * an epoch authenticator that another run's answers also carry can only be a
 * server answering from a stale state: that server failed the run, whatever
 * the disagreement it caused looks like.
 */
export function staleAnswer(
  row: PlayedRow,
  index: AuthenticatorIndex,
  sides: Sides,
): { info: FailureInfo; verdict: Verdict } | undefined {
  const count = (r: PlayedRow, value: string) => r.authenticators.filter((a) => a.value === value).length;
  for (const answer of row.authenticators) {
    // The stale answer stands alone in its run (no member reached it); in
    // the run it belongs to, members agreed on it.
    if (count(row, answer.value) !== 1) continue;
    const other = index.get(answer.value)?.find((r) => r !== row);
    if (other === undefined) continue;
    const server = sides.of(row, answer.actor);
    const hex = Buffer.from(answer.value, "base64").subarray(0, 8).toString("hex");
    return {
      info: {
        step: describeFailure(row, sides).step,
        rpc: answer.rpc,
        side: `${answer.actor} on ${server} (${answer.rpc})`,
        server,
        kind: "failure",
        cause: "answered with another run's epoch authenticator (a stale state)",
        raw: row.error ?? "",
      },
      verdict: {
        fault: server,
        reason: `${answer.rpc} answered with the state of another run's group`,
        evidence: `epoch authenticator ${hex}… also in ${other.runner === "go" ? "the Go runner's" : "our runner's"} run ${keyOf(other, sides)}`,
        source: "stale state found in the results",
      },
    };
  }
  return undefined;
}

/** What a failing assignment's first failing play says, and the verdict on it. */
function judge(
  p: Played,
  sides: Sides,
  classifications: readonly Classification[],
  index: AuthenticatorIndex,
): { info: FailureInfo; verdict?: Verdict } {
  const stale = staleAnswer(p.row, index, sides);
  if (stale !== undefined) return stale;
  const info = describeFailure(p.row, sides);
  const where = { config: p.row.config, script: p.row.script, stacks: sides.stacks };
  return { info, verdict: classify(classifications, where, info) };
}

function groupFailures(
  played: Iterable<Played>,
  sides: Sides,
  classifications: readonly Classification[],
  index: AuthenticatorIndex,
): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const p of played) {
    if (p.failures === 0) continue;
    const { info, verdict } = judge(p, sides, classifications, index);
    const id = `${p.script}\0${info.step}\0${info.side}\0${info.cause}`;
    const group = groups.get(id) ?? {
      script: p.script,
      config: p.row.config,
      name: p.row.script,
      info,
      verdict,
      assignments: [],
    };
    group.assignments.push({ column: p.column, actors: p.stacks });
    groups.set(id, group);
  }
  return [...groups.values()];
}

/**
 * Between two other stacks the Go runner does not say whose call failed.
 * Where our runner met the very same cause (a stack's own error text) and
 * judged it one way wherever it did, the Go runner's failure is judged so.
 */
function byOurCauses(goGroups: FailureGroup[], ourGroups: readonly FailureGroup[]): FailureGroup[] {
  return goGroups.map((g) => {
    if (g.verdict !== undefined || g.info.server !== "?") return g;
    const seen = ourGroups.filter((o) => o.info.cause === g.info.cause && o.verdict !== undefined);
    const faults = new Set(seen.map((o) => o.verdict?.fault));
    const first = seen[0]?.verdict;
    if (first === undefined || faults.size !== 1) return g;
    return {
      ...g,
      verdict: {
        ...first,
        source: "the same cause in our runner's runs",
        evidence: `${first.evidence} (our runner: ${seen[0]?.script}, ${seen[0]?.info.side})`,
      },
    };
  });
}

/** Scripts in the order they were first played (config order, then script order), columns by suite then mode. */
function orderOf(rows: readonly PlayedRow[], order: readonly string[]): { scripts: string[]; columns: string[] } {
  // Results arrive in whatever order the lanes finish: sort by the given order, then by name.
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const scripts = [...new Set(rows.map((r) => `${r.config}/${r.script}`))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const columns = [...new Set(rows.map(columnOf))].sort((a, b) => {
    const [, sa, ma] = a.split(" ");
    const [, sb, mb] = b.split(" ");
    return Number(sa) - Number(sb) || (ma === mb ? 0 : ma === "private" ? -1 : 1);
  });
  return { scripts, columns };
}

function goCoverage(go: Tally, ours: Tally, scripts: readonly string[], stacks: readonly string[]): GoCoverage[] {
  if (stacks.length < 2) return [];
  return scripts.flatMap((script) => {
    const played = [...go.played.values()].filter((p) => p.script === script);
    if (played.length === 0) return [];
    const actors = Object.keys(played[0]?.row.actors ?? {}).sort();
    const never = Object.fromEntries(
      stacks.map((s) => [s, actors.filter((a) => !played.some((p) => p.stacks[a] === s))]),
    );
    const possible = [...(ours.cells.get(script)?.values() ?? [])].reduce((n, c) => n + c.total, 0);
    return [{ script, runs: played.reduce((n, p) => n + p.plays, 0), distinct: played.length, possible, never }];
  });
}

export function analyse(
  rows: readonly PlayedRow[],
  combo: string,
  sides: Sides,
  classifications: readonly Classification[],
  withGo: boolean,
  /** `config/script` in the configs' order, for the report. */
  order: readonly string[] = [],
): Analysis {
  const of = (runner: Runner, pass: Pass) =>
    tally(
      rows.filter((r) => r.runner === runner && r.pass === pass),
      sides,
    );
  const ours = { full: of("ours", "full"), random: of("ours", "random") };
  const go = withGo ? { full: of("go", "full"), random: of("go", "random") } : undefined;
  const allOurs = new Map([...ours.full.played, ...ours.random.played]);
  const allGo = go === undefined ? undefined : new Map([...go.full.played, ...go.random.played]);
  const { scripts, columns } = orderOf(rows, order);
  const index = indexAuthenticators(rows);
  const text = (g: FailureGroup) => `${g.info.step}\0${g.info.side}\0${g.info.cause}`;
  const byPosition = (a: FailureGroup, b: FailureGroup) =>
    scripts.indexOf(a.script) - scripts.indexOf(b.script) ||
    b.assignments.length - a.assignments.length ||
    (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0);
  const sortAssignments = (g: FailureGroup) => {
    const key = (a: FailureGroup["assignments"][number]) =>
      `${columns.indexOf(a.column)}`.padStart(4, "0") + pairs(a.actors);
    g.assignments.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return g;
  };
  const groups = (played: Iterable<Played>) =>
    groupFailures(played, sides, classifications, index).map(sortAssignments).sort(byPosition);
  return {
    combo,
    stacks: sides.stacks,
    scripts,
    columns,
    ours,
    go,
    comparison:
      allGo === undefined
        ? undefined
        : compare(allGo, allOurs, (p) => judge(p, sides, classifications, index).verdict?.chance),
    failures: groups(allOurs.values()),
    goCoverage: go === undefined ? [] : goCoverage(go.full, ours.full, scripts, sides.stacks),
    goOnlyFailures:
      allGo === undefined
        ? []
        : byOurCauses(groups([...allGo.values()].filter((p) => !allOurs.has(p.key))), groups(allOurs.values())),
  };
}
