// A model of the working group's Go runner's `combinations(vals, slots)`
// (interop/test-runner/main.go), which is meant to list all vals^slots
// assignments of servers to actors but does not:
//
//   for _, tuple := range base {
//     for v := range ix {
//       out = append(out, append(tuple, v))
//     }
//   }
//
// `append(tuple, v)` writes into tuple's backing array whenever it has spare
// capacity, so every v of one tuple lands in the same slot of the same array
// and all of them end up holding the last value (vals-1). Go grows a full
// slice by doubling its capacity, so only the slots where a tuple is full
// (index 0 and the powers of two) vary: with 8 actors slots 0, 1, 2 and 4
// vary and the other four always get the last server. The runner still plays
// all vals^slots runs, most of them repeats. Which actors sit in the pinned
// slots depends on the order of Go's map iteration in Script.Actors(), which
// is random per process: that is why the Go runner's totals for one matrix
// vary from run to run.
//
// The model reproduces Go's slice semantics (shared arrays, capacity growth)
// rather than the result, so the tests can compare it with what Go printed.

interface GoSlice {
  array: number[];
  len: number;
  cap: number;
}

// Go's malloc size classes up to 1 KiB: a grown []int's capacity is rounded
// up to fill its class (runtime/sizeclasses.go).
const sizeClasses = [8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256];
const sizeClassesAbove256 = [288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024];

/** runtime.growslice (Go 1.19) for an 8-byte element type. */
function grownCapacity(oldCap: number, needed: number): number {
  let capacity = oldCap;
  const doubled = oldCap * 2;
  if (needed > doubled) capacity = needed;
  else if (oldCap < 256) capacity = doubled;
  else {
    while (capacity > 0 && capacity < needed) capacity += Math.floor((capacity + 3 * 256) / 4);
    if (capacity <= 0) capacity = needed;
  }
  const bytes = capacity * 8;
  const size = [...sizeClasses, ...sizeClassesAbove256].find((c) => c >= bytes);
  if (size === undefined) throw new RangeError(`go-combinations: slices over 1 KiB are not modelled`);
  return size / 8;
}

function append(slice: GoSlice, value: number): GoSlice {
  if (slice.len < slice.cap) {
    slice.array[slice.len] = value;
    return { array: slice.array, len: slice.len + 1, cap: slice.cap };
  }
  const array = slice.array.slice(0, slice.len);
  array[slice.len] = value;
  return { array, len: slice.len + 1, cap: grownCapacity(slice.cap, slice.len + 1) };
}

/** The server index per actor slot of every run the Go runner plays, in its order. */
export function goCombinations(vals: number, slots: number): number[][] {
  let base: GoSlice[] = [{ array: [], len: 0, cap: 0 }];
  for (let slot = 0; slot < slots; slot++) {
    const out: GoSlice[] = [];
    for (const tuple of base) {
      for (let v = 0; v < vals; v++) out.push(append(tuple, v));
    }
    base = out;
  }
  // Go's caller reads the tuples after all the appends, shared arrays included.
  return base.map((s) => s.array.slice(0, s.len));
}

/** Runs the Go runner plays for one (script, suite, mode), and how many distinct assignments they cover. */
export function goCoverage(vals: number, slots: number): { runs: number; distinct: number; pinnedSlots: number[] } {
  const tuples = goCombinations(vals, slots);
  const distinct = new Set(tuples.map((t) => t.join(","))).size;
  const pinnedSlots = Array.from({ length: slots }, (_, i) => i).filter((i) => tuples.every((t) => t[i] === vals - 1));
  return { runs: tuples.length, distinct, pinnedSlots: vals > 1 ? pinnedSlots : [] };
}
