// Test helper: play one inline script against fake servers, the way a
// session would (connect, matrix, bindings), and hand back what happened.
import { parseConfig } from "../config.js";
import { RunRecord, playRun } from "../engine.js";
import { buildMatrix } from "../matrix.js";
import { connectAll, directPlan } from "../server-plan.js";
import { FakeMlsServer, FakeServerOptions, startFakes } from "./fake-mls-server.js";

export interface Played {
  record: RunRecord;
  fakes: FakeMlsServer[];
}

export async function playInline(
  steps: unknown[],
  servers: FakeServerOptions[] = [{}],
  options: { timeoutMs?: number; assignment?: number[]; suite?: number } = {},
): Promise<Played> {
  const { fakes, stop } = await startFakes(...servers);
  const { connections, identities } = await connectAll(
    fakes.map((f) => f.address),
    2000,
  );
  const plan = directPlan(connections, identities);
  try {
    const { config, issues } = parseConfig("t.json", JSON.stringify({ scripts: { s: steps } }));
    if (config === undefined) throw new Error(issues.map((i) => i.text).join("\n"));
    const { runs } = buildMatrix(config.scripts, plan.matrix, {
      suite: options.suite ?? 1,
      encryptModes: [true],
      random: false,
      seed: 0,
      maxAssignments: 4096,
    });
    const wanted = options.assignment?.join(",");
    const spec = runs.find((r) => wanted === undefined || r.assignment.join(",") === wanted);
    if (spec === undefined) throw new Error(`no run with assignment ${wanted}`);
    const record = await playRun(spec, plan.bindingsFor(spec), { timeoutMs: options.timeoutMs ?? 5000 });
    return { record, fakes };
  } finally {
    plan.close();
    stop();
  }
}
