// `mls-interop page`: the cross-stack page of a matrix summary written
// earlier (matrix.json), optionally compared with an older one, and a PNG
// of it as a headless browser shows it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError, parse, usageFailure } from "../runner/options.js";
import { comboFile } from "../cross/plan.js";
import { screenshot } from "./browser.js";
import { loadPageSummaries, writePage } from "./page-output.js";

export const usage = `usage: mls-interop page MATRIX.json (--html OUT.html | --png OUT.png) [options]

Writes the cross-stack page of a matrix summary (the matrix.json that cross,
run --html and selftest --html leave): one HTML file, nothing fetched.

options:
  --html FILE          where the page goes
  --baseline FILE      an earlier matrix.json: the page marks what regressed and what was fixed since
  --title TEXT         the page's title
  --png FILE           a screenshot of the page in headless Chromium (/usr/bin/chromium, through
                       playwright-core); an error when there is none
  --width PX           the browser's width for --png (default 1280; 390 is a phone)
  --open COMBO         for --png: that combination's pair opened (good×dies, or good--dies)

exit status: 0 done, 2 usage error or an unreadable summary, 3 no browser for --png.`;

export async function main(args: string[]): Promise<number> {
  let values;
  let matrix: string;
  let width: number;
  try {
    const parsed = parse(args, {
      html: { type: "string" },
      baseline: { type: "string" },
      title: { type: "string" },
      png: { type: "string" },
      width: { type: "string" },
      open: { type: "string" },
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1) throw new UsageError("one MATRIX.json is needed");
    matrix = parsed.positionals[0] as string;
    if (values.html === undefined && values.png === undefined) throw new UsageError("--html or --png is needed");
    width = Number(values.width ?? 1280);
    if (!/^\d+$/.test(values.width ?? "1280") || width < 200 || width > 4000)
      throw new UsageError(`--width must be from 200 to 4000 pixels, got "${values.width}"`);
  } catch (error) {
    return usageFailure("page", error, usage);
  }
  const loaded = loadPageSummaries(matrix, values.baseline);
  if (typeof loaded === "string") {
    process.stderr.write(`mls-interop page: ${loaded}\n`);
    return 2;
  }
  const scratch = values.html === undefined ? mkdtempSync(join(tmpdir(), "mls-interop-page-")) : undefined;
  try {
    const html = resolve(values.html ?? join(scratch as string, "page.html"));
    writePage(html, loaded.summary, { baseline: loaded.baseline, title: values.title });
    if (values.html !== undefined) process.stderr.write(`page: ${values.html}\n`);
    if (values.png === undefined) return 0;
    let hash = "";
    if (values.open !== undefined) {
      const combo = loaded.summary.combos.find(
        (c) => c.combo === values.open || comboFile({ id: c.combo, stacks: c.stacks }) === values.open,
      );
      if (combo === undefined) {
        process.stderr.write(`mls-interop page: --open ${values.open}: no such combination in ${matrix}\n`);
        return 2;
      }
      hash = `#pair-${comboFile({ id: combo.combo, stacks: combo.stacks })}`;
    }
    try {
      await screenshot(html, resolve(values.png), { width, hash });
    } catch (error) {
      process.stderr.write(`mls-interop page: --png: ${(error as Error).message}\n`);
      return 3;
    }
    process.stderr.write(`screenshot: ${values.png}\n`);
    return 0;
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}
