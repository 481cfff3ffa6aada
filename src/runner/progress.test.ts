import assert from "node:assert/strict";
import { test } from "node:test";
import { Progress, formatDuration } from "./progress.js";

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, isTTY, write: (t: string) => lines.push(t) };
}

test("in a log, progress is a line every ten seconds with failures and ETA, and always at the end", () => {
  let now = 0;
  const out = sink(false);
  const p = new Progress(100, out, false, () => now);
  p.update(1, 0);
  now = 5_000;
  p.update(10, 1);
  now = 20_000;
  p.update(40, 2);
  now = 21_000;
  p.update(100, 3);
  p.finish("100 runs in 21s: 97 passed, 3 failed");
  assert.deepEqual(out.lines, [
    "1/100 runs, 0 failed, 0s elapsed, ETA 0s\n",
    "40/100 runs, 2 failed, 20s elapsed, ETA 30s\n",
    "100/100 runs, 3 failed, 21s elapsed, ETA 0s\n",
    "100 runs in 21s: 97 passed, 3 failed\n",
  ]);
});

test("on a terminal the line is redrawn in place, and --quiet keeps only the summary", () => {
  let now = 0;
  const tty = sink(true);
  const p = new Progress(2, tty, false, () => now);
  p.update(1, 0);
  now = 1000;
  p.finish("done");
  // eslint-disable-next-line no-control-regex -- the terminal's erase-line escape is what is checked
  assert.match(tty.lines[0] ?? "", /^\r\x1b\[K1\/2 runs/);
  assert.deepEqual(tty.lines.slice(1), ["\r\x1b[K", "done\n"]);

  const quiet = sink(false);
  const q = new Progress(2, quiet, true, () => now);
  q.update(2, 1);
  q.finish("done");
  assert.deepEqual(quiet.lines, ["done\n"]);
});

test("durations read as people say them", () => {
  assert.equal(formatDuration(4_400), "4s");
  assert.equal(formatDuration(125_000), "2m05s");
  assert.equal(formatDuration(3_720_000), "1h02m");
});
