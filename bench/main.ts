// `npm run bench [-- --quick] [-- --only overhead,matrix,scale]`: where the
// time goes (library or ours) and how fast a matrix runs; writes
// bench/results.json, bench/results.md and bench/scale.svg.
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot, sharedDir } from "../src/runner/project-root.js";
import { LibraryDriver } from "./library-driver.js";
import { runSelftest } from "./matrix.js";
import { measureOverhead } from "./overhead.js";
import { profileServers } from "./profile.js";
import { markdown, scalePlot, type Results } from "./report.js";
import { libraryScale, pairMemory, serverScale, stateMemory, type ScaleRow, type StateMemory } from "./scale.js";
import { ServerDriver } from "./server-driver.js";

const sections = ["overhead", "matrix", "scale", "profile"] as const;

function cpuModel(): string {
  const line = readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("model name"));
  return line?.split(":")[1]?.trim() ?? "unknown CPU";
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "server-flags": { type: "string" },
    },
  });
  const quick = values.quick === true;
  const only = values.only === undefined ? [...sections] : values.only.split(",");
  const unknown = only.filter((s) => !(sections as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`--only: unknown section ${unknown.join(", ")} (sections: ${sections.join(", ")})`);
  // For profiling the server under the bench's load, e.g. --server-flags=--cpu-prof.
  const serverFlags = values["server-flags"]?.split(" ").filter((f) => f !== "") ?? [];

  const root = projectRoot();
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    quick,
    machine: {
      cpuModel: cpuModel(),
      cores: availableParallelism(),
      node: process.versions.node,
      loadBefore: loadavg()[0] ?? 0,
    },
  };
  log(`bench on ${results.machine.cores} × ${results.machine.cpuModel}, load ${results.machine.loadBefore.toFixed(2)}`);

  if (only.includes("overhead")) {
    log("server overhead per method");
    const measured = await measureOverhead(
      { rounds: quick ? 10 : 40, warmup: quick ? 3 : 8, sizes: [2, 32], serverFlags },
      log,
    );
    results.overhead = measured.rows;
    results.grpcFloor = measured.grpcFloor;
  }

  if (only.includes("matrix")) {
    const configs = quick ? ["external_proposals.json"] : ["commit.json", "external_proposals.json"];
    const common = [
      ...configs.flatMap((c) => ["--config", join(sharedDir(), "interop", "configs", c)]),
      "--suite",
      "1",
      "--quiet",
      "--expected-failures",
      join(root, "configs", "expected-failures", "interop.json"),
    ];
    const runs = [];
    for (const [label, extra] of [
      ["--jobs 1", ["--jobs", "1"]],
      ["default", []],
    ] as const) {
      log(`selftest ${label}`);
      runs.push(await runSelftest(label, [...common, ...extra]));
      log(`  ${(runs[runs.length - 1]!.wallMs / 1000).toFixed(1)} s: ${runs[runs.length - 1]!.summary}`);
    }
    results.matrix = { configs, runs, speedup: Math.round((runs[0]!.wallMs / runs[1]!.wallMs) * 100) / 100 };
  }

  if (only.includes("scale")) {
    const sizes = quick ? [2, 8, 32] : [2, 8, 32, 128, 512];
    const lib = await LibraryDriver.suite1();
    const srv = await ServerDriver.start(true, { nodeFlags: serverFlags });
    const rows: ScaleRow[] = [];
    const memory: StateMemory[] = [];
    try {
      // A first small group pays for compilation on both sides, outside the table.
      await libraryScale(lib, 4);
      await serverScale(srv, 4);
      for (const n of sizes) {
        log(`scale N=${n}`);
        const library = await libraryScale(lib, n);
        const server = await serverScale(srv, n);
        rows.push({ n, library, server });
        log(`  library ${(library.totalMs / 1000).toFixed(2)} s, server ${(server.totalMs / 1000).toFixed(2)} s`);
      }
      log("memory per state");
      memory.push(await pairMemory(lib, srv, quick ? 10 : 40));
      const at128 = rows.find((r) => r.n === 128);
      if (at128 !== undefined) memory.push(stateMemory(at128));
    } finally {
      await srv.stop();
    }
    results.scale = rows;
    results.memory = memory;
    writeFileSync(join(root, "bench", "scale.svg"), scalePlot(rows));
  }

  if (only.includes("profile")) {
    log("profile of two servers under external_proposals.json, --jobs 1");
    results.profile = await profileServers(
      join(sharedDir(), "interop", "configs", "external_proposals.json"),
      join(root, "configs", "expected-failures", "interop.json"),
    );
  }

  results.machine.loadAfter = loadavg()[0] ?? 0;
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(root, "bench", "results.md"), markdown(results));
  log("wrote bench/results.json, bench/results.md" + (results.scale !== undefined ? ", bench/scale.svg" : ""));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
