// The page's one script, inlined: the suite and mode filters. The page is
// whole without it (every count and failure is in the HTML); the script
// recomputes the counts of the grid and the list of combinations over the
// columns the filters keep, and hides the columns and failing assignments
// they drop. It is written here in TypeScript against the few browser
// objects it touches, and inlined by its compiled source text with the
// functions it shares with the page's rendering (page-look.ts).
import { type Look, cellLook, changeText, keepsColumn, sumKept } from "./page-look.js";

/** The little of the DOM the script uses (the project compiles without the DOM's types). */
interface Element {
  hidden: boolean;
  value: string;
  checked: boolean;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  style: { background: string };
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
  addEventListener(type: string, listener: () => void): void;
}
declare const document: Element;

/** Shows a look in a cell rendered by the page (page.ts `countCell`). */
export function showLook(cell: Element, look: Look, changes: string): void {
  cell.dataset.state = look.state;
  cell.style.background = look.colour;
  const set = (selector: string, text: string) => {
    const part = cell.querySelector(selector);
    if (part !== null) part.textContent = text;
  };
  set(".sym", look.symbol);
  set(".n", look.text);
  set(".chg", changes);
  cell.querySelector("a")?.setAttribute("title", `${cell.dataset.name ?? ""}: ${look.label}`);
}

export function filterPage(): void {
  const suite = document.querySelector("#suite");
  const mode = document.querySelector("#mode");
  const changedOnly = document.querySelector("#changed");
  const update = () => {
    const keeps = (column: string) => keepsColumn(column, suite?.value ?? "", mode?.value ?? "");
    for (const cell of document.querySelectorAll("[data-cells]")) {
      const [passed, total] = sumKept(JSON.parse(cell.dataset.cells ?? "{}"), keeps);
      const [regressed, fixed] = sumKept(JSON.parse(cell.dataset.changes ?? "{}"), keeps);
      showLook(cell, cellLook(passed, total), changeText(regressed, fixed));
    }
    const only = changedOnly?.checked === true;
    // A failing run that did not change since the baseline goes with "changes only".
    for (const el of document.querySelectorAll("[data-column]"))
      el.hidden =
        !keeps(el.dataset.column ?? "") || (only && el.dataset.run !== undefined && el.dataset.changed === undefined);
    for (const el of document.querySelectorAll("[data-columns]"))
      el.hidden =
        !(el.dataset.columns ?? "").split("|").some(keeps) ||
        (only && ![...el.querySelectorAll("[data-run][data-changed]")].some((run) => !run.hidden));
    // A script's heading goes with the last of its failure groups.
    for (const el of document.querySelectorAll("[data-failures]")) {
      const groups = [...el.querySelectorAll("[data-columns]")];
      el.hidden = groups.length > 0 && groups.every((g) => g.hidden);
    }
    const said = document.querySelector("#shown");
    if (said !== null)
      said.textContent =
        `${suite?.value ? `suite ${suite.value}` : "every suite"}, ` +
        `${mode?.value ? `${mode.value} handshakes` : "both modes"}${only ? ", changes only" : ""}`;
  };
  for (const control of [suite, mode, changedOnly]) control?.addEventListener("change", update);
  update();
}

/** The script element's text: the shared functions, then the filters started. */
export function pageScript(): string {
  const functions = [cellLook, changeText, keepsColumn, sumKept, showLook, filterPage];
  return `"use strict";\n${functions.map((f) => f.toString()).join("\n")}\nfilterPage();\n`;
}
