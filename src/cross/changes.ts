// What changed since an earlier run, assignment by assignment: a run that
// fails now and passed then regressed; one that failed then and passes now
// was fixed. Both summaries list every failing assignment (actor → stack)
// and, per script and column, how many assignments were played, so a
// failing assignment of one run is compared only where the other played
// that script and column. The full pass plays every assignment; a random
// pass is compared only when both runs drew with the same seed (our runner's
// draw is deterministic for a seed), else it is named as not compared.
import { pairs } from "../runner/results-file.js";
import type { ComboSummary, GroupSummary, MatrixSummary } from "./summary.js";

export interface Change {
  /** The combination's id in the current run (or the earlier one's, for a combination no longer played). */
  combo: string;
  script: string;
  column: string;
  actors: Record<string, string>;
  /** The failure: now for a regression, then for a fix. */
  group: GroupSummary;
}

export interface Changes {
  regressed: Change[];
  fixed: Change[];
  /** Combinations played in only one of the runs, by id. */
  added: string[];
  removed: string[];
  /** What could not be compared, and why. */
  notes: string[];
}

/** The same stacks, in any order, are the same combination. */
const stacksKey = (c: ComboSummary) => [...c.stacks].sort().join("\0");

/** Every failing assignment of a combination, by script, column and assignment. */
function failing(c: ComboSummary): Map<string, Omit<Change, "combo">> {
  const out = new Map<string, Omit<Change, "combo">>();
  for (const group of c.groups)
    for (const a of group.assignments)
      out.set(`${group.script} ${a.column} ${pairs(a.actors)}`, {
        script: group.script,
        column: a.column,
        actors: a.actors,
        group,
      });
  return out;
}

const played = (c: ComboSummary, script: string, column: string) => (c.cells[script]?.[column]?.total ?? 0) > 0;

const randomColumn = (c: ComboSummary, column: string) => c.random.suites.includes(Number(column.split(" ")[1]));

export function compareSummaries(now: MatrixSummary, then: MatrixSummary): Changes {
  const changes: Changes = { regressed: [], fixed: [], added: [], removed: [], notes: [] };
  const earlier = new Map(then.combos.map((c) => [stacksKey(c), c]));
  const sameSeed = now.seed === then.seed;
  let skippedRandom = false;
  // A random column is comparable only when both runs drew it with the same seed.
  const comparable = (a: ComboSummary, b: ComboSummary, column: string) => {
    if (sameSeed || (!randomColumn(a, column) && !randomColumn(b, column))) return true;
    skippedRandom = true;
    return false;
  };
  for (const c of now.combos) {
    const before = earlier.get(stacksKey(c));
    if (before === undefined) {
      changes.added.push(c.combo);
      continue;
    }
    earlier.delete(stacksKey(c));
    const failsNow = failing(c);
    const failedThen = failing(before);
    for (const [key, f] of failsNow)
      if (!failedThen.has(key) && played(before, f.script, f.column) && comparable(c, before, f.column))
        changes.regressed.push({ combo: c.combo, ...f });
    for (const [key, f] of failedThen)
      if (!failsNow.has(key) && played(c, f.script, f.column) && comparable(c, before, f.column))
        changes.fixed.push({ combo: c.combo, ...f });
  }
  changes.removed.push(...[...earlier.values()].map((c) => c.combo));
  if (skippedRandom)
    changes.notes.push(
      `the random passes were drawn with seeds ${then.seed} then and ${now.seed} now: their assignments are not compared`,
    );
  return changes;
}
