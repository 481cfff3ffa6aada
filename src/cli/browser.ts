// A headless browser for looking at the page: Debian's Chromium driven by
// playwright-core, which talks to a browser already installed and never
// downloads one. The flags keep Chromium off the network (its background
// connections are refused on a closed machine and only slow it down), and
// every launch gets a fresh profile folder, removed afterwards.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

type Playwright = typeof import("playwright-core");

async function playwright(): Promise<Playwright | string> {
  try {
    return await import("playwright-core");
  } catch {
    return "playwright-core is not installed (a devDependency: npm ci in a clone of the repository installs it)";
  }
}

/** Why no browser can be driven here, or undefined when one can. */
export async function browserMissing(): Promise<string | undefined> {
  if (!existsSync(CHROMIUM))
    return `${CHROMIUM} is not installed (Debian's package: apt-get install chromium; .ci/run installs it)`;
  const driver = await playwright();
  return typeof driver === "string" ? driver : undefined;
}

/** Runs `use` with a fresh headless Chromium; closes it and removes its profile whatever happens. */
export async function withBrowser<T>(use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const missing = await browserMissing();
  if (missing !== undefined) throw new Error(`no browser to drive: ${missing}`);
  const { chromium } = (await playwright()) as Playwright;
  const profile = mkdtempSync(join(tmpdir(), "mls-interop-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    try {
      return await use(context);
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Opens an HTML file at a width (CSS pixels), optionally at an anchor of it (`#pair-a--b`). */
export async function openFile(context: BrowserContext, file: string, width: number, hash = ""): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: Math.round(width < 600 ? width * 2.1 : width * 0.65) });
  await page.goto(`${pathToFileURL(file).href}${hash}`);
  return page;
}

/** A PNG of the whole page as a browser of that width shows it. */
export async function screenshot(file: string, png: string, options: { width: number; hash?: string }): Promise<void> {
  await withBrowser(async (context) => {
    const page = await openFile(context, file, options.width, options.hash);
    await page.screenshot({ path: png, fullPage: true });
  });
}
