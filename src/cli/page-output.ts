// `--html FILE` and `--baseline FILE` of cross, run, selftest and page: the
// cross-stack page written from a matrix summary, compared with an earlier
// one. A session of run or selftest becomes a summary of its own from the
// results file it writes (a temporary one when --out is not given).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { loadConfigs } from "../runner/config.js";
import { projectRoot } from "../runner/project-root.js";
import { goStyleArgs } from "../runner/options.js";
import type { SessionOptions } from "../runner/session.js";
import { type PageOptions, pageHtml } from "../cross/page.js";
import { configDigest } from "../cross/plan.js";
import { ourCommit } from "../cross/record.js";
import { type OptionSpec, replayOf } from "../cross/replay.js";
import { sessionSummary } from "../cross/session-summary.js";
import { type MatrixSummary, SummaryError, parseSummary } from "../cross/summary.js";

export const pageOptionSpec = {
  html: { type: "string" },
  baseline: { type: "string" },
} as const;

export const pageOptionHelp = `  --html FILE            the page: one HTML file with the servers × servers grid, every
                         failure and the command that plays it again; its summary goes
                         beside it (page.html: page.json)
  --baseline FILE        with --html: an earlier summary (matrix.json, or a page's .json); the page
                         marks what regressed and what was fixed since`;

function readSummary(file: string): MatrixSummary | string {
  try {
    return parseSummary(readFileSync(file, "utf8"), file);
  } catch (error) {
    if (error instanceof SummaryError) return error.message;
    return `${file}: ${(error as Error).message}`;
  }
}

/** The summary to show and the baseline to compare it with; a string says what is wrong. */
export function loadPageSummaries(
  matrix: string,
  baseline?: string,
): { summary: MatrixSummary; baseline?: MatrixSummary } | string {
  const summary = readSummary(matrix);
  if (typeof summary === "string") return summary;
  if (baseline === undefined) return { summary };
  const earlier = readSummary(baseline);
  return typeof earlier === "string" ? `--baseline ${earlier}` : { summary, baseline: earlier };
}

/** The baseline named by --baseline, read before anything is played; a string says what is wrong. */
export function loadBaseline(file: string | undefined): MatrixSummary | undefined | string {
  if (file === undefined) return undefined;
  const earlier = readSummary(file);
  return typeof earlier === "string" ? `--baseline ${earlier}` : earlier;
}

export function writePage(file: string, summary: MatrixSummary, options: PageOptions = {}): void {
  writeFileSync(file, pageHtml(summary, options));
}

/** What a session needs to write its page: where, and what it compares with. */
export interface PageRequest {
  html: string;
  baseline?: MatrixSummary;
}

/** --html and --baseline of a session; a string is the usage error. */
export function pageRequest(values: { html?: string; baseline?: string }): PageRequest | undefined | string {
  if (values.html === undefined)
    return values.baseline === undefined ? undefined : "--baseline needs --html (the page it marks)";
  const baseline = loadBaseline(values.baseline);
  if (typeof baseline === "string") return baseline;
  return { html: values.html, baseline };
}

/** The session's options that say where and how it played, kept in the commands that play a failing run again. */
const REPLAYED = ["client", "config", "timeout", "max-assignments", "servers", "servers-as-matrix"];

/**
 * Plays a session through `play` and, when a page is asked for, writes it
 * from the session's results: to --out's file, or to a temporary one whose
 * JSON still goes to stdout where the session would have printed it.
 */
export async function withSessionPage(
  subcommand: "run" | "selftest",
  args: readonly string[],
  spec: OptionSpec,
  options: SessionOptions,
  page: PageRequest | undefined,
  play: (options: SessionOptions) => Promise<number>,
): Promise<number> {
  if (page === undefined) return play(options);
  const scratch = options.out === undefined ? mkdtempSync(join(tmpdir(), "mls-interop-session-")) : undefined;
  const out = options.out ?? join(scratch as string, "results.json");
  const started = Date.now();
  try {
    const status = await play({ ...options, out });
    if (!existsSync(out)) return status;
    const text = readFileSync(out, "utf8");
    if (scratch !== undefined && options.stdout === "json" && !options.quiet) process.stdout.write(text);
    const { configs } = loadConfigs(options.configs);
    const summary = sessionSummary(JSON.parse(text), out, {
      command: ["mls-interop", subcommand, ...args].join(" "),
      date: new Date(),
      durationS: Math.round((Date.now() - started) / 1000),
      ours: ourCommit(),
      configs: {
        where: options.configs.map((c) => relative(projectRoot(), resolve(c)) || ".").join(", "),
        files: configs.length,
        sha256: configDigest(configs),
      },
      seed: options.random ? options.seed : undefined,
      replay: replayOf(subcommand, goStyleArgs(args), spec, REPLAYED),
    });
    writePage(page.html, summary, {
      baseline: page.baseline,
      title: `mls-interop ${subcommand}: ${summary.stacks.map((s) => s.id).join(" × ")}`,
    });
    writeFileSync(summaryBeside(page.html), `${JSON.stringify(summary, null, 1)}\n`);
    process.stderr.write(`page: ${page.html}\n`);
    return status;
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

/** `page.html` → `page.json`: the summary a later --baseline reads. */
export function summaryBeside(html: string): string {
  return html.endsWith(".html") ? `${html.slice(0, -".html".length)}.json` : `${html}.json`;
}
