// The page as text: self-contained, escaped, its counts and commands those
// of the summary. How it looks and behaves in a browser is
// src/cli/page-browser.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pageHtml } from "./page.js";
import { cellLook, changeText, keepsColumn, sumKept } from "./page-look.js";
import { pageScript } from "./page-script.js";
import { CROSS_REPLAY, replayCommand } from "./replay.js";
import type { ComboSummary, MatrixSummary } from "./summary.js";

const figures = (passed: number, distinct: number) => ({ runs: distinct, passedRuns: passed, distinct, passed });

const hostile = `</script><img src="http://example.org/x" onerror="alert(1)">`;

function pair(): ComboSummary {
  return {
    combo: "ours×mlspp",
    stacks: ["ours", "mlspp"],
    full: { suites: [1], ours: figures(6, 8) },
    random: { suites: [2], ours: figures(1, 2) },
    cells: {
      "c.json/a": { "suite 1 private": { total: 4, passed: 2 }, "suite 1 public": { total: 4, passed: 4 } },
      "c.json/b": { "suite 2 private": { total: 1, passed: 0 }, "suite 2 public": { total: 1, passed: 1 } },
    },
    failures: { assignments: 3, groups: 2, byFault: { mlspp: 2, unclassified: 1 } },
    groups: [
      {
        script: "c.json/a",
        step: "step 2 (commit)",
        rpc: "Commit",
        side: "alice on mlspp (Commit)",
        server: "mlspp",
        kind: "failure",
        cause: `INVALID_ARGUMENT: ${hostile}`,
        raw: `Commit by alice on s2 at 127.0.0.1:1 (mlspp): INVALID_ARGUMENT: ${hostile}`,
        verdict: { fault: "mlspp", source: "classifications", reason: "wrong", evidence: "docs/peer-issues.md#x" },
        again: "",
        assignments: [
          { column: "suite 1 private", actors: { alice: "mlspp", bob: "ours" } },
          { column: "suite 1 private", actors: { alice: "mlspp", bob: "mlspp" } },
        ],
      },
      {
        script: "c.json/b",
        step: "step 1 (createGroup)",
        side: "runner",
        server: "runner",
        kind: "failure",
        cause: "no",
        raw: "no",
        again: "",
        assignments: [{ column: "suite 2 private", actors: { alice: "ours" } }],
      },
    ],
  };
}

function matrix(combos: ComboSummary[]): MatrixSummary {
  const stack = (id: string) => ({ id, title: id, name: id, repository: "r", commit: {}, suites: [1, 2] });
  return {
    format: "mls-interop-cross/1",
    date: "2026-01-02T03:04:05.000Z",
    command: "mls-interop cross",
    seed: 1,
    ours: { commit: "a".repeat(40), dirty: false },
    stacks: [stack("ours"), stack("mlspp")],
    skipped: [],
    configs: { where: "configs", files: 1, sha256: "f".repeat(64) },
    combos,
    incidents: [],
    problems: [],
    durationS: 61,
  };
}

test("the page fetches nothing: no external script, style, image or link; one inline script", () => {
  const html = pageHtml(matrix([pair()]));
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(html, /\bsrc\s*=\s*["']/i);
  assert.doesNotMatch(html, /\burl\(|@import/i);
  assert.doesNotMatch(html, /href="(?!#)/, "every link is to a place in the page");
  assert.equal(html.match(/<script>/g)?.length, 1);
  assert.doesNotThrow(() => new Function(pageScript()), "the inline script is valid JavaScript");
});

test("text from the results is escaped; every failing run is listed with its command", () => {
  const html = pageHtml(matrix([pair()]));
  assert.ok(!html.includes(hostile));
  assert.ok(html.includes("&lt;/script&gt;&lt;img src=&quot;http://example.org/x&quot;"));
  for (const g of pair().groups)
    for (const a of g.assignments) {
      const command = replayCommand(CROSS_REPLAY, ["ours", "mlspp"], g.script, a.column, a.actors);
      assert.ok(html.includes(command), command);
    }
  assert.match(html, /<span class="tag unclassified">unclassified<\/span>/);
});

test("a grid cell carries the pass counts per column the script filters, and shows their sum", () => {
  const html = pageHtml(matrix([pair()]));
  const cell = /<td class="cell" data-cells="([^"]*)"[^>]*data-state="(\w+)"[^>]*>.*?<span class="n">([^<]*)</.exec(
    html,
  );
  assert.ok(cell !== null);
  const perColumn = JSON.parse((cell[1] as string).replaceAll("&quot;", '"')) as Record<string, number[]>;
  assert.deepEqual(perColumn, {
    "suite 1 private": [2, 4],
    "suite 1 public": [4, 4],
    "suite 2 private": [0, 1],
    "suite 2 public": [1, 1],
  });
  assert.equal(cell[2], "some");
  assert.equal(cell[3], "7/10", "the full and the random pass together");
});

test("against a baseline the cells and the pair mark what regressed and what was fixed", () => {
  const then = pair();
  // Then alice=mlspp bob=ours passed and alice=ours bob=ours failed.
  const group = then.groups[0] as ComboSummary["groups"][number];
  then.groups = [{ ...group, assignments: [{ column: "suite 1 private", actors: { alice: "ours", bob: "ours" } }] }];
  const html = pageHtml(matrix([pair()]), { baseline: matrix([then]) });
  assert.match(html, /▼ 3 assignments regressed, ▲ 1 fixed<\/strong>/);
  assert.match(html, /<span class="chg">▼3 ▲1<\/span>/);
  assert.match(html, /▲ 1 assignment fixed since the baseline/);
  assert.match(html, /<input type="checkbox" id="changed">/);
});

test("a cell's look: a symbol beside each colour, green only when all pass", () => {
  assert.deepEqual(
    [cellLook(4, 4), cellLook(3, 4), cellLook(0, 4), cellLook(0, 0)].map((l) => [l.state, l.symbol, l.text]),
    [
      ["pass", "✔", "4/4"],
      ["some", "◐", "3/4"],
      ["fail", "✘", "0/4"],
      ["none", "·", ""],
    ],
  );
  const hue = (l: { colour: string }) => Number(/hsl\((\d+)/.exec(l.colour)?.[1]);
  assert.equal(hue(cellLook(4, 4)), 120);
  assert.ok(hue(cellLook(1999, 2000)) < 90, "one failure in thousands is not green");
  assert.ok(hue(cellLook(1, 4)) < hue(cellLook(3, 4)));
  assert.equal(hue(cellLook(0, 4)), 0);
  assert.equal(cellLook(1999, 2000).label, "1999 of 2000 assignments pass (99%)");
  assert.equal(changeText(2, 0), "▼2");
  assert.equal(changeText(0, 0), "");
});

test("the filters keep the columns of a suite and a mode, and sum what they keep", () => {
  assert.ok(keepsColumn("suite 1 private", "", ""));
  assert.ok(keepsColumn("suite 1 private", "1", "private"));
  assert.ok(!keepsColumn("suite 1 private", "1", "public"));
  assert.ok(!keepsColumn("suite 12 private", "1", ""));
  const cells = { "suite 1 private": [2, 4], "suite 2 private": [1, 1] };
  assert.deepEqual(
    sumKept(cells, (c) => keepsColumn(c, "", "private")),
    [3, 5],
  );
  assert.deepEqual(
    sumKept(cells, (c) => keepsColumn(c, "2", "")),
    [1, 1],
  );
});
