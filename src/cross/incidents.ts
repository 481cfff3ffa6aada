// How often the stacks fell over, per combination, stack and kind: what
// the reports and the page show of a run's incidents (each death, hang,
// panic and restart is in run.json), the same however the run's work was
// cut into items and shards.
import type { StackIncident } from "./play.js";

/** How often a stack fell over in one combination, one line per kind (what a run's items split does not change). */
export interface IncidentSummary {
  combo: string;
  stack: string;
  kind: StackIncident["kind"];
  times: number;
  /** The first of its details, in text order. */
  detail: string;
}

export function summarizeIncidents(incidents: readonly StackIncident[]): IncidentSummary[] {
  const out = new Map<string, IncidentSummary>();
  for (const i of incidents) {
    const key = `${i.combo}\0${i.stack}\0${i.kind}`;
    const seen = out.get(key);
    if (seen === undefined) out.set(key, { combo: i.combo, stack: i.stack, kind: i.kind, times: 1, detail: i.detail });
    else {
      seen.times++;
      if (i.detail < seen.detail) seen.detail = i.detail;
    }
  }
  return [...out.values()].sort((a, b) => {
    const ka = `${a.combo}\0${a.stack}\0${a.kind}`;
    const kb = `${b.combo}\0${b.stack}\0${b.kind}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
