// Loading and validating scenario configs before any RPC. A config is
// `{"scripts": {name: [step, ...]}}`; each step is checked against its
// action's parameter schema, with the Go runner's decoding rules (see
// params.ts). Problems name the file, script and step index; errors stop the
// run (exit 2), warnings are printed and the run goes on.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { actions } from "./actions/index.js";
import { INVALID, ParseScope, matchKey, parseObject, show } from "./params.js";

export interface ScriptStep {
  index: number;
  action: string;
  /** "" when the step names none (installExternalPSK, reinit). */
  actor: string;
  /** Parsed parameters, typed by the action's schema. */
  params: Record<string, unknown>;
  /** The step as written, for failed_step_json. */
  json: string;
}

export interface Script {
  config: string;
  name: string;
  steps: ScriptStep[];
  /** In order of first appearance: the matrix assigns servers in this order. */
  actors: string[];
}

export interface Config {
  name: string;
  path: string;
  scripts: Script[];
}

export interface ConfigIssue {
  severity: "error" | "warning";
  text: string;
}

export interface LoadedConfigs {
  configs: Config[];
  issues: ConfigIssue[];
}

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseConfig(name: string, text: string, path = name): { config?: Config; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const report = (severity: ConfigIssue["severity"], where: string, message: string) =>
    issues.push({ severity, text: `${name}: ${where}${message}` });

  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    report("error", "", `not valid JSON: ${(error as Error).message}`);
    return { issues };
  }
  if (!isObject(root)) {
    report("error", "", `must be a JSON object with "scripts", got ${show(root)}`);
    return { issues };
  }
  let scriptsRaw: unknown;
  for (const [key, value] of Object.entries(root)) {
    if (matchKey(key, ["scripts"]) === undefined) report("warning", "", `unknown top-level key "${key}" is ignored`);
    else scriptsRaw = value;
  }
  if (!isObject(scriptsRaw)) {
    report("error", "", `"scripts" must be an object mapping script names to lists of steps, got ${show(scriptsRaw)}`);
    return { issues };
  }

  const scripts: Script[] = [];
  const extensionsUsed = new Set<string>();
  for (const [scriptName, stepsRaw] of Object.entries(scriptsRaw)) {
    const where = `script "${scriptName}": `;
    if (!Array.isArray(stepsRaw)) {
      report("error", where, `must be a list of steps, got ${show(stepsRaw)}`);
      continue;
    }
    const script = parseScript(name, scriptName, stepsRaw, (severity, text) => report(severity, where, text));
    script.steps.forEach((s) => {
      if (actions.get(s.action)?.extension === true) extensionsUsed.add(s.action);
    });
    scripts.push(script);
  }
  if (extensionsUsed.size > 0) {
    report("warning", "", `uses runner extensions the official Go runner rejects: ${[...extensionsUsed].join(", ")}`);
  }
  if (issues.some((i) => i.severity === "error")) return { issues };
  return { config: { name, path, scripts }, issues };
}

function stringField(raw: Raw, key: string): string {
  const value = raw[key];
  return typeof value === "string" ? value : "";
}

/**
 * The actors of a script: every step's `actor` and the names of parameters
 * that bring new participants (createGroup members, joiners, signers).
 */
function collectActors(stepsRaw: unknown[]): string[] {
  const actors = new Set<string>();
  for (const raw of stepsRaw) {
    if (!isObject(raw)) continue;
    const actor = stringField(raw, "actor");
    // Like the Go runner, a step without actor contributes nobody.
    if (actor === "") continue;
    actors.add(actor);
    const definition = actions.get(stringField(raw, "action"));
    if (definition === undefined) continue;
    const introducing = Object.entries(definition.params)
      .filter(([, spec]) => spec.introducesActors)
      .map(([key]) => key);
    for (const [key, value] of Object.entries(raw)) {
      const param = matchKey(key, introducing);
      if (param === undefined) continue;
      for (const name of Array.isArray(value) ? value : [value]) {
        if (typeof name === "string" && name !== "") actors.add(name);
      }
    }
  }
  return [...actors];
}

function parseScript(
  config: string,
  name: string,
  stepsRaw: unknown[],
  report: (severity: ConfigIssue["severity"], text: string) => void,
): Script {
  const actors = collectActors(stepsRaw);
  const actorSet = new Set(actors);
  const outputs: ({ action: string; keys: readonly string[] } | undefined)[] = [];
  const steps: ScriptStep[] = [];

  stepsRaw.forEach((raw, index) => {
    const action = isObject(raw) ? stringField(raw, "action") : "";
    const label = `step ${index}${action === "" ? "" : ` (${action})`}: `;
    const scope: ParseScope = {
      index,
      stepCount: stepsRaw.length,
      actors: actorSet,
      outputs: (i) => (i < index ? outputs[i] : undefined),
      error: (where, message) => report("error", `${label}${where === "" ? "" : `${where}: `}${message}`),
      warn: (where, message) => report("warning", `${label}${where === "" ? "" : `${where}: `}${message}`),
    };
    outputs.push(undefined);

    if (!isObject(raw)) return scope.error("", `must be a JSON object, got ${show(raw)}`);
    if (!("action" in raw)) return scope.error("", "missing action");
    if (typeof raw.action !== "string") return scope.error("action", `must be a string, got ${show(raw.action)}`);
    const definition = actions.get(raw.action);
    if (definition === undefined) {
      return scope.error("", `unknown action "${raw.action}" (known: ${[...actions.keys()].join(", ")})`);
    }
    if ("actor" in raw && typeof raw.actor !== "string")
      return scope.error("actor", `must be a string, got ${show(raw.actor)}`);
    const actor = stringField(raw, "actor");
    if (definition.needsActor && actor === "") return scope.error("", "missing actor");

    const params = parseObject(raw, definition.params, scope, "", ["action", "actor"]);
    if (params === INVALID) return;
    const names = Object.keys(definition.params);
    const present = new Set(Object.keys(raw).flatMap((k) => matchKey(k, names) ?? []));
    definition.check?.(params, scope, present);
    outputs[index] = { action: definition.name, keys: definition.outputs(params) };
    steps.push({ index, action: definition.name, actor, params, json: JSON.stringify(raw) });
  });
  return { config, name, steps, actors };
}

function isJsonList(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The .json files a --config names: the file itself, or a folder's files in name order. */
export function configFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(path, f));
}

export function loadConfigs(paths: readonly string[]): LoadedConfigs {
  const configs: Config[] = [];
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const given of paths) {
    let files: string[];
    try {
      files = configFiles(given);
    } catch (error) {
      issues.push({ severity: "error", text: `${given}: cannot read: ${(error as Error).message}` });
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        issues.push({ severity: "error", text: `${file}: cannot read: ${(error as Error).message}` });
        continue;
      }
      // An expected-failures list may sit beside the configs it is about; a
      // folder's JSON lists are that, never configs (a named file still is checked).
      if (file !== given && isJsonList(text)) {
        issues.push({
          severity: "warning",
          text: `${file}: skipped: a JSON list, not a config (an expected-failures file?)`,
        });
        continue;
      }
      const name = basename(file);
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        // Results and expected failures know a config by file name only.
        issues.push({ severity: "error", text: `${file}: another config has the same file name (${earlier})` });
        continue;
      }
      seen.set(name, file);
      const parsed = parseConfig(name, text, file);
      issues.push(...parsed.issues);
      if (parsed.config !== undefined) configs.push(parsed.config);
    }
  }
  return { configs, issues };
}
