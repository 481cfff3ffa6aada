// By-value proposals (`byValue` of commits, `description` of external signer
// proposals): the config object, its validation, and the ProposalDescription
// the runner sends. Only the fields a proposal type uses are read, as in Go.
import type * as pb from "../../gen/mls_client.js";
import {
  ConfigExtension,
  INVALID,
  Invalid,
  ParamSpec,
  ParseScope,
  count,
  extensions,
  flag,
  matchKey,
  parseObject,
  show,
  stepRef,
  text,
} from "../params.js";
import type { RunContext } from "../run-context.js";

export interface ProposalSpec {
  proposalType: string;
  keyPackage: number;
  removed: string;
  pskID: number;
  epochID: number;
  extensions: ConfigExtension[];
  changeGroupID: boolean;
  changeCipherSuite: boolean;
}

type Field = Exclude<keyof ProposalSpec, "proposalType">;

// What each type reads, and which of those it cannot do without.
const fieldsOf: Record<string, { uses: readonly Field[]; needs: readonly Field[] }> = {
  add: { uses: ["keyPackage"], needs: ["keyPackage"] },
  remove: { uses: ["removed"], needs: ["removed"] },
  externalPSK: { uses: ["pskID"], needs: ["pskID"] },
  resumptionPSK: { uses: ["epochID"], needs: ["epochID"] },
  groupContextExtensions: { uses: ["extensions"], needs: ["extensions"] },
  reinit: { uses: ["extensions", "changeGroupID", "changeCipherSuite"], needs: [] },
};

export const proposalTypes: readonly string[] = Object.keys(fieldsOf);

function fieldSpecs(needs: readonly Field[]) {
  const required = (f: Field) => ({ required: needs.includes(f) });
  return {
    keyPackage: stepRef(["key_package"], required("keyPackage")),
    removed: text(required("removed")),
    pskID: stepRef(["psk_id"], required("pskID")),
    epochID: count(required("epochID")),
    extensions: extensions(required("extensions")),
    changeGroupID: flag(),
    changeCipherSuite: flag(),
  };
}

const allFields = Object.keys(fieldSpecs([])) as Field[];

function parseDescription(raw: unknown, scope: ParseScope, at: string): ProposalSpec | Invalid {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    scope.error(at, `must be a JSON object, got ${show(raw)}`);
    return INVALID;
  }
  const typeKey = Object.keys(raw).findLast((k) => matchKey(k, ["proposalType"]) !== undefined);
  const type = typeKey === undefined ? undefined : (raw as Record<string, unknown>)[typeKey];
  if (typeof type !== "string") {
    scope.error(`${at}.proposalType`, type === undefined ? "missing parameter" : `must be a string, got ${show(type)}`);
    return INVALID;
  }
  const fields = fieldsOf[type];
  if (fields === undefined) {
    scope.error(`${at}.proposalType`, `unknown proposal type "${type}" (one of ${proposalTypes.join(", ")})`);
    return INVALID;
  }
  // Keys of other proposal types are read by nobody; say so instead of failing.
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === typeKey) continue;
    const field = matchKey(key, allFields) as Field | undefined;
    if (field !== undefined && !fields.uses.includes(field)) {
      scope.warn(`${at}.${key}`, `is ignored for proposalType "${type}"`);
    } else {
      kept[key] = value;
    }
  }
  const all = fieldSpecs(fields.needs);
  const used = Object.fromEntries(fields.uses.map((f) => [f, all[f]])) as Partial<typeof all>;
  const parsed = parseObject(kept, used as Record<string, ParamSpec<unknown>>, scope, at);
  if (parsed === INVALID) return INVALID;
  if (type === "reinit") checkOriginalGroup(scope, at);
  const zero = Object.fromEntries(allFields.map((f) => [f, all[f].zero()]));
  return { ...zero, ...parsed, proposalType: type } as ProposalSpec;
}

export function proposalDescription(options: { required?: boolean } = {}): ParamSpec<ProposalSpec> {
  return {
    required: options.required === true,
    introducesActors: false,
    zero: () => ({
      proposalType: "",
      keyPackage: 0,
      removed: "",
      pskID: 0,
      epochID: 0,
      extensions: [],
      changeGroupID: false,
      changeCipherSuite: false,
    }),
    parse: parseDescription,
  };
}

export function proposalDescriptions(): ParamSpec<ProposalSpec[]> {
  return {
    required: false,
    introducesActors: false,
    zero: () => [],
    parse(raw, scope, at) {
      if (!Array.isArray(raw)) {
        scope.error(at, `must be a list, got ${show(raw)}`);
        return INVALID;
      }
      const parsed = raw.map((item, i) => parseDescription(item, scope, `${at}[${i}]`));
      return parsed.some((p) => p === INVALID) ? INVALID : (parsed as ProposalSpec[]);
    },
  };
}

/** Reinits name the script's original group: step 0 must have created it. */
export function checkOriginalGroup(scope: ParseScope, at: string): void {
  const first = scope.index > 0 ? scope.outputs(0) : undefined;
  if (scope.index === 0 || (first !== undefined && !first.keys.includes("group_id"))) {
    scope.error(at, "a reinit derives its group id from step 0, which must be a createGroup");
  }
}

/** The ProposalDescription sent for a config entry, resolved against earlier steps. */
export function describe(cx: RunContext, d: ProposalSpec): pb.DeepPartial<pb.ProposalDescription> {
  const proposalType = Buffer.from(d.proposalType);
  switch (d.proposalType) {
    case "add":
      return { proposalType, keyPackage: cx.message(d.keyPackage, "key_package") };
    case "remove":
      return { proposalType, removedId: Buffer.from(d.removed, "utf8") };
    case "externalPSK":
      return { proposalType, pskId: cx.message(d.pskID, "psk_id") };
    case "resumptionPSK":
      return { proposalType, epochId: BigInt(d.epochID) };
    case "groupContextExtensions":
      return { proposalType, extensions: d.extensions };
    default: {
      // reinit: the Go runner switches the run's suite here, before reading it.
      if (d.changeCipherSuite) cx.changeCipherSuite();
      return { proposalType, extensions: d.extensions, cipherSuite: cx.suite, groupId: cx.groupIdFor(d.changeGroupID) };
    }
  }
}
