// A cross matrix as jobs for machines of their own: one job per combination
// and shard, each `cross --pair A:B --shard I/N` (`--pair A:` for a stack
// alone), which `merge` joins again. `cross --plan --json` prints them as a
// GitHub Actions matrix (`strategy.matrix: ${{ fromJSON(...) }}`).
import { type Combo, comboFile, combos } from "./plan.js";

export interface Job {
  /** What `--pair` takes: `a:b`, or `a:` for a stack alone. */
  pair: string;
  /** The combination's file name, `a--b` or `a`. */
  combo: string;
  /** `I/N`, what `--shard` takes. */
  shard: string;
  /** Unique among the jobs and safe in file and artifact names: `a--b-2of4`. */
  name: string;
}

/** GitHub Actions runs at most this many jobs of one matrix. */
export const GITHUB_MATRIX_LIMIT = 256;

const pairOf = (combo: Combo) => (combo.stacks.length === 1 ? `${combo.stacks[0]}:` : combo.stacks.join(":"));

/**
 * Every combination of the stacks (as `cross` would play them), a pair cut
 * in `shards`; a stack alone is one job, its one assignment per script,
 * suite and mode being a small share of a pair's.
 */
export function fanOut(
  stacks: readonly string[],
  options: { alone: boolean; only?: readonly string[][]; shards: number },
): Job[] {
  return combos(stacks, options).flatMap((combo) => {
    const count = combo.stacks.length === 1 ? 1 : options.shards;
    return Array.from({ length: count }, (_, i) => ({
      pair: pairOf(combo),
      combo: comboFile(combo),
      shard: `${i + 1}/${count}`,
      name: `${comboFile(combo)}-${i + 1}of${count}`,
    }));
  });
}

/** The plan as `strategy.matrix` takes it. */
export function githubMatrix(jobs: readonly Job[]): { include: Job[] } {
  return { include: [...jobs] };
}
