// The page in a real browser: a small cross run with fake stacks (one that
// refuses UpdateProposal, so some cells fail), its matrix.html opened in
// Debian's headless Chromium at a phone's width. The grid's counts are the
// summary's, a failing cell opens its pair with the command that plays each
// failing run again, the filters change what is shown, and against a
// baseline the regressions are marked. Without Chromium it skips, saying why.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import type { Page } from "playwright-core";
import type { ComboSummary, MatrixSummary } from "../cross/summary.js";
import { fakeFixture, fakeStack } from "../cross/testing/fake-matrix.js";
import { captureOutput } from "../testing/output.js";
import { browserMissing, openFile, withBrowser } from "./browser.js";
import { main as crossMain } from "./cross.js";
import { main as pageMain } from "./page.js";

const missing = await browserMissing();

let dir = "";
let summary: MatrixSummary;

before(async () => {
  if (missing !== undefined) return;
  const suites = ["--suites", "1,2"];
  const fixture = fakeFixture([
    fakeStack("good", ...suites),
    fakeStack("refuses", ...suites, "--refuse", "updateProposal"),
  ]);
  dir = fixture.dir;
  const { value, stderr } = await captureOutput(() =>
    crossMain([
      ...["--stacks", fixture.stacks, "--config", fixture.configs, "--skip-go"],
      ...["--pair", "good:refuses", "--pair", "good:", "--results", join(dir, "results")],
    ]),
  );
  // The refusals are nobody's known fault: unclassified, exit status 1.
  assert.equal(value, 1, stderr);
  summary = JSON.parse(readFileSync(join(dir, "results", "matrix.json"), "utf8")) as MatrixSummary;
});

/** Per combination title, passing and played assignments over the columns kept. */
function expected(keep: (column: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of summary.combos) {
    let passed = 0;
    let total = 0;
    for (const row of Object.values(c.cells))
      for (const [column, f] of Object.entries(row))
        if (keep(column)) {
          passed += f.passed;
          total += f.total;
        }
    out.set(
      c.stacks.length === 1 ? `${c.stacks[0]} alone` : c.stacks.join(" × "),
      total === 0 ? "" : `${passed}/${total}`,
    );
  }
  return out;
}

/** What the grid shows: every cell's combination and count (a pair appears twice, once each way). */
async function gridCounts(page: Page): Promise<Array<[string, string]>> {
  return page.$$eval("#grid td[data-cells]", (cells) =>
    cells.map((c) => [c.getAttribute("data-name") ?? "", c.querySelector(".n")?.textContent ?? ""] as [string, string]),
  );
}

const visibleText = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.filter((e) => e.checkVisibility()).map((e) => e.textContent ?? ""));

test(
  "the page in Chromium: the grid's counts are the summary's, a failing cell opens its pair and the command of each failing run, the filters change what is shown",
  { skip: missing ?? false, timeout: 240_000 },
  async () => {
    const failing = summary.combos.find((c) => c.failures.assignments > 0) as ComboSummary;
    assert.ok(failing !== undefined && failing.stacks.length === 2, "the run has a failing pair");
    await withBrowser(async (context) => {
      const requests: string[] = [];
      context.on("request", (r) => requests.push(r.url()));
      const page = await openFile(context, join(dir, "results", "matrix.html"), 390);

      const all = expected(() => true);
      const shown = await gridCounts(page);
      assert.equal(shown.length, 3, "good alone, and the pair each way");
      for (const [name, count] of shown) assert.equal(count, all.get(name), name);
      assert.ok(
        (await page.evaluate("document.documentElement.scrollWidth")) === 390,
        "nothing is wider than the phone",
      );

      // A failing cell opens its pair: the grid goes, the pair's failures and their commands come.
      await page.click(`#grid td[data-name="${failing.stacks.join(" × ")}"] a`);
      assert.ok(await page.isHidden("#overview"));
      assert.ok(await page.isVisible(`#pair-${failing.stacks.join("--")}`));
      const commands = await visibleText(page, `#pair-${failing.stacks.join("--")} .cmd`);
      assert.equal(commands.length, failing.failures.assignments, "one command per failing run");
      for (const g of failing.groups) assert.ok(commands.includes(g.again), g.again);
      assert.ok(commands.every((c) => c.startsWith(`mls-interop cross --stacks ${join(dir, "stacks.json")} --config`)));
      const fields = await visibleText(page, `#pair-${failing.stacks.join("--")} details.group dt`);
      for (const field of ["step", "RPC", "side", "status", "cause", "classification"])
        assert.ok(fields.includes(field), field);

      // The filters: one mode leaves that mode's runs; one suite, that suite's counts.
      await page.selectOption("#mode", "public");
      const publicOnly = await visibleText(page, `#pair-${failing.stacks.join("--")} .cmd`);
      assert.ok(publicOnly.length > 0 && publicOnly.length < commands.length);
      assert.ok(publicOnly.every((c) => / --public /.test(c)));
      assert.ok(await page.isHidden(`#pair-${failing.stacks.join("--")} th[data-column="suite 1 private"]`));
      await page.click(`#pair-${failing.stacks.join("--")} a.back`);
      assert.ok(await page.isVisible("#grid"));
      for (const [suite, mode] of [
        ["2", "public"],
        ["2", ""],
        ["1", "private"],
      ] as const) {
        await page.selectOption("#suite", suite);
        await page.selectOption("#mode", mode);
        const kept = expected(
          (column) => column.startsWith(`suite ${suite} `) && (mode === "" || column.endsWith(mode)),
        );
        for (const [name, count] of await gridCounts(page))
          assert.equal(count, kept.get(name), `${name}, suite ${suite} ${mode}`);
      }
      assert.notDeepEqual(
        expected((c) => c.startsWith("suite 2 ")),
        all,
        "the filters did change the counts",
      );
      assert.deepEqual(
        requests.filter((url) => !url.startsWith("file://")),
        [],
        "the page fetched nothing",
      );
    });
  },
);

test(
  "against a baseline: each run failing now that passed then is marked as a regression, and changes only shows those",
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const failing = summary.combos.find((c) => c.failures.assignments > 0) as ComboSummary;
    const privately = (a: { column: string }) => a.column.endsWith(" private");
    // Then, the same runs failed in private handshakes only; the public ones passed.
    const then: MatrixSummary = {
      ...summary,
      combos: summary.combos.map((c) => ({
        ...c,
        groups: c.groups.map((g) => ({ ...g, assignments: g.assignments.filter(privately) })),
      })),
    };
    writeFileSync(join(dir, "then.json"), JSON.stringify(then));
    const html = join(dir, "against.html");
    const { value } = await captureOutput(() =>
      pageMain([join(dir, "results", "matrix.json"), "--html", html, "--baseline", join(dir, "then.json")]),
    );
    assert.equal(value, 0);
    const runs = failing.groups.flatMap((g) => g.assignments);
    const regressed = runs.filter((a) => !privately(a)).length;
    assert.ok(regressed > 0 && regressed < runs.length);
    await withBrowser(async (context) => {
      const page = await openFile(context, html, 1280);
      assert.match(
        (await page.textContent(".baseline")) ?? "",
        new RegExp(`▼ ${regressed} assignments regressed, ▲ 0 fixed`),
      );
      const cell = `#grid td[data-name="${failing.stacks.join(" × ")}"]`;
      assert.equal(await page.textContent(`${cell} .chg`), `▼${regressed}`);
      await page.selectOption("#mode", "private");
      assert.equal(await page.textContent(`${cell} .chg`), "", "no regression in private handshakes");
      await page.selectOption("#mode", "");
      await page.click(`${cell} a`);
      const pair = `#pair-${failing.stacks.join("--")}`;
      assert.equal((await visibleText(page, `${pair} .cmd`)).length, runs.length);
      await page.check("#changed");
      const changed = await visibleText(page, `${pair} .cmd`);
      assert.equal(changed.length, regressed);
      assert.ok(changed.every((c) => / --public /.test(c)));
    });
  },
);
