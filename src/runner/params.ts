// Typed parameter schemas for script steps. Each action declares its
// parameters with these builders; config validation checks a step against
// them before any RPC, and the action receives the parsed, typed values.
//
// Decoding follows Go's encoding/json, which the official runner uses: keys
// match case-insensitively, an absent key or `null` leaves the zero value, and
// unknown keys are ignored (we warn about them, since they are usually typos
// that silently change what a script tests).

export const INVALID: unique symbol = Symbol("invalid");
export type Invalid = typeof INVALID;

/** What a parameter check may ask about the script around the step. */
export interface ParseScope {
  readonly index: number;
  readonly stepCount: number;
  readonly actors: ReadonlySet<string>;
  /** The outputs a step stores, or undefined when that step is itself invalid. */
  outputs(index: number): { action: string; keys: readonly string[] } | undefined;
  error(where: string, message: string): void;
  warn(where: string, message: string): void;
}

export interface ParamSpec<T> {
  readonly required: boolean;
  /** The value names actors (createGroup members, joiners, signers). */
  readonly introducesActors: boolean;
  zero(): T;
  parse(value: unknown, scope: ParseScope, where: string): T | Invalid;
}

export type ParamSpecs = Record<string, ParamSpec<unknown>>;
export type ParamValues<P extends ParamSpecs> = { [K in keyof P]: P[K] extends ParamSpec<infer T> ? T : never };

export interface ConfigExtension {
  extensionType: number;
  extensionData: Buffer;
}

export interface Required {
  required?: boolean;
}

function spec<T>(
  options: Required & { introduces?: boolean },
  zero: () => T,
  parse: (value: unknown, scope: ParseScope, where: string) => T | Invalid,
): ParamSpec<T> {
  return { required: options.required === true, introducesActors: options.introduces === true, zero, parse };
}

function fail(scope: ParseScope, where: string, message: string): Invalid {
  scope.error(where, message);
  return INVALID;
}

export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function flag(): ParamSpec<boolean> {
  return spec(
    {},
    () => false,
    (v, scope, at) => (typeof v === "boolean" ? v : fail(scope, at, `must be true or false, got ${show(v)}`)),
  );
}

export function count(options: Required = {}): ParamSpec<number> {
  return spec(
    options,
    () => 0,
    (v, scope, at) => (isIndex(v) ? v : fail(scope, at, `must be a non-negative integer, got ${show(v)}`)),
  );
}

export function text(options: Required = {}): ParamSpec<string> {
  return spec(
    options,
    () => "",
    (v, scope, at) => (typeof v === "string" ? v : fail(scope, at, `must be a string, got ${show(v)}`)),
  );
}

function isIndex(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function checkActor(name: unknown, scope: ParseScope, at: string): string | Invalid {
  if (typeof name !== "string" || name === "") return fail(scope, at, `must be an actor name, got ${show(name)}`);
  if (!scope.actors.has(name)) {
    return fail(scope, at, `"${name}" is not an actor of this script (actors: ${[...scope.actors].join(", ")})`);
  }
  return name;
}

/** A name the runner looks up a server for; it must be one of the script's actors. */
export function actorName(options: Required & { introduces?: boolean } = {}): ParamSpec<string> {
  return spec(options, () => "", checkActor);
}

export function actorNames(options: Required & { introduces?: boolean } = {}): ParamSpec<string[]> {
  return spec(
    options,
    () => [],
    (v, scope, at) => parseList(v, scope, at, checkActor),
  );
}

function parseList<T>(
  v: unknown,
  scope: ParseScope,
  at: string,
  item: (value: unknown, scope: ParseScope, where: string) => T | Invalid,
): T[] | Invalid {
  if (!Array.isArray(v)) return fail(scope, at, `must be a list, got ${show(v)}`);
  const out: T[] = [];
  let ok = true;
  v.forEach((value, i) => {
    const parsed = item(value, scope, `${at}[${i}]`);
    if (parsed === INVALID) ok = false;
    else out.push(parsed);
  });
  return ok ? out : INVALID;
}

function checkStepRef(keys: readonly string[]) {
  return (v: unknown, scope: ParseScope, at: string): number | Invalid => {
    if (!isIndex(v)) return fail(scope, at, `must be a step index (a non-negative integer), got ${show(v)}`);
    if (v >= scope.stepCount) {
      return fail(scope, at, `refers to step ${v}, which is out of range (the script has ${scope.stepCount} steps)`);
    }
    if (v >= scope.index) return fail(scope, at, `refers to step ${v}, which does not come before this step`);
    const outputs = scope.outputs(v);
    if (outputs === undefined) return v;
    const missing = keys.filter((k) => !outputs.keys.includes(k));
    if (missing.length > 0) {
      const stored = outputs.keys.length > 0 ? outputs.keys.join(", ") : "nothing";
      return fail(
        scope,
        at,
        `refers to step ${v} (${outputs.action}), which has no "${missing.join('", "')}" output (it stores ${stored})`,
      );
    }
    return v;
  };
}

/** An index of an earlier step that stores every one of `keys`. */
export function stepRef(keys: readonly string[], options: Required = {}): ParamSpec<number> {
  return spec(options, () => 0, checkStepRef(keys));
}

export function stepRefs(keys: readonly string[], options: Required = {}): ParamSpec<number[]> {
  const item = checkStepRef(keys);
  return spec(
    options,
    () => [],
    (v, scope, at) => parseList(v, scope, at, item),
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const extensionFields = {
  extension_type: spec<number>(
    { required: true },
    () => 0,
    (v, scope, at) =>
      isIndex(v) && v <= 0xffffffff ? v : fail(scope, at, `must be an unsigned 32-bit integer, got ${show(v)}`),
  ),
  extension_data: spec<Buffer>(
    {},
    () => Buffer.alloc(0),
    (v, scope, at) =>
      typeof v === "string" && BASE64.test(v)
        ? Buffer.from(v, "base64")
        : fail(scope, at, `must be standard base64, got ${show(v)}`),
  ),
};

/** `[{extension_type, extension_data (base64)}]`, as Go decodes into pb.Extension. */
export function extensions(options: Required = {}): ParamSpec<ConfigExtension[]> {
  return spec(
    options,
    () => [],
    (v, scope, at) =>
      parseList(v, scope, at, (item, s, where) => {
        const parsed = parseObject(item, extensionFields, s, where);
        return parsed === INVALID
          ? INVALID
          : { extensionType: parsed.extension_type, extensionData: parsed.extension_data };
      }),
  );
}

/**
 * Parses a JSON object against specs the way Go decodes into a struct.
 * `exempt` keys are handled by the caller (a step's `action` and `actor`).
 */
export function parseObject<P extends ParamSpecs>(
  raw: unknown,
  specs: P,
  scope: ParseScope,
  path: string,
  exempt: readonly string[] = [],
): ParamValues<P> | Invalid {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail(scope, path === "" ? "step" : path, `must be a JSON object, got ${show(raw)}`);
  }
  const names = Object.keys(specs);
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    if (exempt.includes(key)) continue;
    const name = matchKey(key, names);
    if (name === undefined) {
      scope.warn(join(path, key), `unknown key is ignored, as the official runner ignores it${suggestion(key, names)}`);
    } else if (value !== null) {
      found.set(name, value);
    }
  }
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [name, param] of Object.entries(specs)) {
    const at = join(path, name);
    if (!found.has(name)) {
      if (param.required) {
        scope.error(at, "missing parameter");
        ok = false;
      }
      out[name] = param.zero();
      continue;
    }
    const value = param.parse(found.get(name), scope, at);
    if (value === INVALID) ok = false;
    else out[name] = value;
  }
  return ok ? (out as ParamValues<P>) : INVALID;
}

/** Go prefers an exact match, then any key equal under case folding. */
export function matchKey(key: string, names: readonly string[]): string | undefined {
  if (names.includes(key)) return key;
  const folded = key.toLowerCase();
  return names.find((n) => n.toLowerCase() === folded);
}

// Underscore and camel-case spellings differ between actions (force_path in
// fullCommit, forcePath in reinit); pointing at the right one saves a hunt.
function suggestion(key: string, names: readonly string[]): string {
  const loose = (s: string): string => s.toLowerCase().replaceAll("_", "");
  const near = names.find((n) => loose(n) === loose(key));
  return near === undefined ? "" : ` (this action spells it "${near}")`;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
