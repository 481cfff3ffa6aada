// `npm run bench [-- --quick] [-- --only overhead,official,mlspp,matrix,scale,rpc-profile,rejections,shards]
// [-- --stacks FILE] [-- --peers DIR] [-- --suite N|all] [-- --rounds N] [-- --pair A:B]`:
// where the time goes (library or ours), how fast the official matrix runs
// against the working group's runner with ts-mls's reference server and with
// MLSpp, how memory behaves, and what garbage input costs our crypto
// provider; writes bench/results.json, bench/results.md and bench/scale.svg.
// The other stacks and the Go runner are the stacks file's
// (configs/stacks/local.json by default), as `cross` plays them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot, sharedDir } from "../src/runner/project-root.js";
import { LibraryDriver } from "./library-driver.js";
import { runSelftest, type SelftestRun } from "./matrix.js";
import { officialMatrix } from "./official.js";
import { versusMlspp } from "./versus-mlspp.js";
import { measureOverhead } from "./overhead.js";
import { measureRejections } from "./rejections.js";
import { profileMatrix } from "./rpc-profile.js";
import { measureShards } from "./shards.js";
import { markdown, scalePlot, type Results } from "./report.js";
import { libraryScale, pairMemory, serverScale, stateMemory, type ScaleRow, type StateMemory } from "./scale.js";
import { ServerDriver } from "./server-driver.js";

const sections = ["overhead", "official", "mlspp", "matrix", "scale", "rpc-profile", "rejections", "shards"] as const;
type Section = (typeof sections)[number];

/**
 * With --only, the sections not measured this time are kept from the last
 * results.json (each keeps its own date), so one section can be measured
 * again without the rest; measured on another machine, they are dropped.
 */
function previousSections(path: string, only: readonly string[]): Partial<Results> {
  if (sections.every((s) => only.includes(s)) || !existsSync(path)) return {};
  const previous = JSON.parse(readFileSync(path, "utf8")) as Results;
  if (previous.machine?.cpuModel !== cpuModel() || previous.machine.cores !== availableParallelism()) {
    log("bench: the last results.json is from another machine; its other sections are dropped");
    return {};
  }
  const kept: Partial<Results> = { sections: {} };
  const keep = (section: Section, fields: Array<keyof Results>) => {
    if (only.includes(section) || previous.sections?.[section] === undefined) return;
    for (const f of fields) (kept as Record<string, unknown>)[f] = previous[f];
    kept.sections = { ...kept.sections, [section]: previous.sections[section] };
  };
  keep("overhead", ["overhead", "grpcFloor"]);
  keep("official", ["official"]);
  keep("mlspp", ["mlspp"]);
  keep("matrix", ["matrix"]);
  keep("scale", ["scale", "memory"]);
  keep("rpc-profile", ["rpcProfile"]);
  keep("rejections", ["rejections"]);
  keep("shards", ["shards"]);
  // Measured again, the mlspp section still keeps its other scope's last figures.
  if (only.includes("mlspp") && previous.mlspp !== undefined) kept.mlspp = previous.mlspp;
  return kept;
}

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
      // The stacks file naming the Go runner, MLSpp and the reference server, and its {peers} folder.
      stacks: { type: "string" },
      peers: { type: "string" },
      // The mlspp section: one suite (default 1) or "all", and how many alternated rounds.
      suite: { type: "string", default: "1" },
      rounds: { type: "string" },
      // The shards section: the pair whose jobs are played k at once.
      pair: { type: "string", default: "ours:mlspp" },
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
  const peersDir = values.peers;
  const stacksFile = values.stacks ?? join(root, "configs", "stacks", "local.json");
  const resultsPath = join(root, "bench", "results.json");
  const results: Results = {
    ...previousSections(resultsPath, only),
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
  const stamp = (section: Section): void => {
    results.sections = { ...results.sections, [section]: new Date().toISOString() };
  };
  log(`bench on ${results.machine.cores} × ${results.machine.cpuModel}, load ${results.machine.loadBefore.toFixed(2)}`);

  if (only.includes("overhead")) {
    log("server overhead per method");
    const overhead = await measureOverhead(
      { rounds: quick ? 10 : 40, warmup: quick ? 3 : 8, sizes: [2, 32], serverFlags },
      log,
    );
    results.overhead = overhead.rows;
    results.grpcFloor = overhead.grpcFloor;
    stamp("overhead");
  }

  if (only.includes("official")) {
    log(`official matrix: selftest, and the Go runner driving the reference server and ours (stacks: ${stacksFile})`);
    results.official = await officialMatrix({
      stacksFile,
      root,
      peersDir,
      configsDir: join(sharedDir(), "interop", "configs"),
      expectedFailures: join(root, "configs", "expected-failures", "interop.json"),
      quick,
      log,
    });
    if (results.official.skipped !== undefined) log(`  skipped: ${results.official.skipped}`);
    stamp("official");
  }

  if (only.includes("mlspp")) {
    const suite = values.suite === "all" ? undefined : Number(values.suite);
    if (suite !== undefined && !(Number.isInteger(suite) && suite >= 1 && suite <= 7))
      throw new Error(`--suite: 1 to 7, or all (got ${values.suite})`);
    const rounds = Number(values.rounds ?? (quick ? 1 : 3));
    if (!(Number.isInteger(rounds) && rounds >= 1))
      throw new Error(`--rounds: a positive integer (got ${values.rounds})`);
    log(
      `the Go runner driving MLSpp and ours, and selftest, ${suite === undefined ? "every suite" : `suite ${suite}`}, ${rounds} rounds`,
    );
    const v = await versusMlspp({
      stacksFile,
      root,
      peersDir,
      configsDir: join(sharedDir(), "interop", "configs"),
      suite,
      rounds,
      log,
      loadAverage: () => loadavg()[0] ?? 0,
    });
    if (v.skipped !== undefined) log(`  skipped: ${v.skipped}`);
    // Each scope is kept beside the other's last measurement.
    results.mlspp = { ...results.mlspp, [v.scope]: v };
    stamp("mlspp");
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
    // Alternated, and each variant's best round counts: on a shared machine
    // noise only ever adds time, and one slow --jobs 1 round would flatter
    // the ratio as much as one slow default round would hide it.
    const rounds = quick ? 1 : 2;
    const runs: SelftestRun[] = [];
    for (let round = 1; round <= rounds; round++)
      for (const [variant, extra] of [
        ["--jobs 1", ["--jobs", "1"]],
        ["default", []],
      ] as const) {
        const label = rounds > 1 ? `${variant} (round ${round})` : variant;
        log(`selftest ${label}`);
        const run = await runSelftest(label, [...common, ...extra]);
        runs.push(run);
        log(`  ${(run.wallMs / 1000).toFixed(1)} s: ${run.summary}`);
      }
    const best = (variant: string) => Math.min(...runs.filter((r) => r.label.startsWith(variant)).map((r) => r.wallMs));
    results.matrix = { configs, runs, speedup: Math.round((best("--jobs 1") / best("default")) * 100) / 100 };
    stamp("matrix");
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
    stamp("scale");
    writeFileSync(join(root, "bench", "scale.svg"), scalePlot(rows));
  }

  if (only.includes("rpc-profile")) {
    log("where each call's time goes: one profiled server of ours under the Go runner, suite 1");
    results.rpcProfile = await profileMatrix({
      stacksFile,
      root,
      peersDir,
      configsDir: join(sharedDir(), "interop", "configs"),
      suite: 1,
      log,
    });
    if (results.rpcProfile.skipped !== undefined) log(`  skipped: ${results.rpcProfile.skipped}`);
    stamp("rpc-profile");
  }

  if (only.includes("rejections")) {
    log("the cost of a forged signature and of a garbage HPKE ciphertext, before and after rejections became final");
    results.rejections = await measureRejections({ rounds: quick ? 20 : 200, warmup: quick ? 5 : 20 }, log);
    stamp("rejections");
  }

  if (only.includes("shards")) {
    log(`the matrix fanned out: ${values.pair}'s jobs, k at once`);
    results.shards = await measureShards({
      stacksFile,
      peersDir,
      pair: values.pair,
      ks: quick ? [1, 2] : [1, 2, 3],
      rounds: Number(values.rounds ?? (quick ? 1 : 2)),
      matrixJson: join(root, "configs", "results", "matrix.json"),
      log,
    });
    stamp("shards");
  }

  results.machine.loadAfter = loadavg()[0] ?? 0;
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(root, "bench", "results.md"), markdown(results));
  log("wrote bench/results.json, bench/results.md" + (results.scale !== undefined ? ", bench/scale.svg" : ""));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
