// The bench's arithmetic and classification, which its figures rest on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { median } from "./measure.js";
import { flatLimit, leastSquaresSlope, memoryFlat, memoryTrend } from "./memory.js";
import { filterConfigs, parseSelftestSummary } from "./official.js";
import { GoResultCounter } from "./peers.js";
import { rpcTargetMet } from "./overhead.js";
import { attribute, rpcBucketOf } from "./rpc-profile.js";
import { goOrder, roundTotals, spread, type VersusRun } from "./versus-mlspp.js";
import { shardsSection } from "./report.js";
import { svgPlot } from "./svg-plot.js";

test("median of odd and even counts, NaN for none", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test("the RPC target: within 1 ms of the library call plus the gRPC floor", () => {
  assert.equal(rpcTargetMet(2, 0.6, 3.6), true);
  assert.equal(rpcTargetMet(2, 0.6, 3.61), false);
  assert.equal(rpcTargetMet(0.15, 0.6, 0.9), true);
});

test("the scale plot is one SVG with a polyline per series", () => {
  const svg = svgPlot([
    {
      title: "t",
      xLabel: "N",
      yLabel: "ms",
      series: [
        {
          name: "a",
          color: "#000",
          points: [
            [2, 1],
            [8, 4],
            [32, 20],
          ],
        },
        {
          name: "b <&>",
          color: "#f00",
          dashed: true,
          points: [
            [2, 2],
            [8, 5],
            [32, 30],
          ],
        },
      ],
    },
  ]);
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<polyline/g) ?? []).length, 2);
  assert.ok(svg.includes("b &lt;&amp;&gt;"));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
});

test("configs lose exactly the scripts expected to fail as a whole", () => {
  const config = JSON.stringify({ scripts: { a: [], b: [], c: [] } });
  const entry = { reason: "r", known_issue: "KNOWN-ISSUES.md#x" };
  const [one, two] = filterConfigs(
    [
      { name: "one.json", text: config },
      { name: "two.json", text: config },
    ],
    [
      { ...entry, config: "one.json", script: "b" },
      // Only some suites or modes fail: the script cannot be cut out of a config, so it stays.
      { ...entry, config: "one.json", script: "c", suite: 2 },
      { ...entry, config: "two.json", script: "missing" },
    ],
  );
  assert.deepEqual(Object.keys(JSON.parse(one!.text).scripts), ["a", "c"]);
  assert.deepEqual(one!.excluded, ["b"]);
  assert.equal(one!.scripts, 2);
  assert.deepEqual(two!.excluded, []);
  assert.equal(two!.scripts, 3);
});

test("selftest's summary line gives runs, passed and failed", () => {
  assert.deepEqual(parseSelftestSummary("546 runs in 42s: 406 passed, 0 failed, 140 failed as expected (--seed 1)"), {
    runs: 546,
    passed: 406,
    failed: 0,
  });
  assert.deepEqual(parseSelftestSummary("58 runs in 1m02s: 57 passed, 1 failed"), { runs: 58, passed: 57, failed: 1 });
  assert.equal(parseSelftestSummary("local server died"), undefined);
});

test("the Go runner's results are counted by indentation, across chunk boundaries, transcripts ignored", () => {
  const json = JSON.stringify(
    {
      scripts: {
        s: [
          { cipher_suite: 1, actors: {}, encrypt_flag: true, transcript: [{ request: { cipher_suite: 1 } }] },
          { cipher_suite: 2, transcript: [], error: "rpc error: boom", failed_step: 3 },
          { cipher_suite: 3, transcript: [], error: "rpc error: boom" },
        ],
      },
    },
    null,
    2,
  );
  const counter = new GoResultCounter();
  for (let i = 0; i < json.length; i += 7) counter.push(json.slice(i, i + 7));
  counter.push("\n");
  assert.equal(counter.runs, 3);
  assert.equal(counter.failed, 2);
  assert.equal(counter.passed, 1);
  assert.deepEqual([...counter.errors], [["rpc error: boom", 2]]);
});

test("memory: a least-squares slope, and flat unless growth stays at the end", () => {
  assert.equal(
    leastSquaresSlope([
      [0, 1],
      [1, 3],
      [2, 5],
    ]),
    2,
  );
  assert.equal(
    leastSquaresSlope([
      [1, 4],
      [1, 5],
    ]),
    0,
  );
  assert.equal(flatLimit(100 * 1024 * 1024), 16 * 1024 * 1024);
  assert.equal(flatLimit(400 * 1024 * 1024), 40 * 1024 * 1024);
  const MiB = 1024 * 1024;
  // Climbs during warm-up, then level with noise: flat.
  const level = Array.from({ length: 100 }, (_, i): [number, number] => [
    i,
    (i < 20 ? 50 + 2 * i : 90 + (i % 3)) * MiB,
  ]);
  const flat = memoryTrend({ label: "ours", samples: level });
  assert.equal(flat !== undefined && memoryFlat(flat), true);
  assert.equal(flat?.maxBytes, 92 * MiB);
  // 1 MiB a sample after warm-up: about 79 MiB more by the end.
  const growing = memoryTrend({ label: "ref", samples: level.map(([t]) => [t, (90 + t) * MiB]) });
  assert.equal(growing !== undefined && memoryFlat(growing), false);
  assert.ok(Math.abs((growing?.fittedGrowthBytes ?? 0) / MiB - 79) < 1);
  // A load that rises and then goes, back to the warm level: its fitted line
  // slopes upwards, but nothing stays, so flat.
  const wave = level.map(([t]): [number, number] => [t, (t < 20 ? 50 + 2 * t : t < 90 ? 90 + (t - 20) : 91) * MiB]);
  const passing = memoryTrend({ label: "wave", samples: wave });
  assert.ok((passing?.fittedGrowthBytes ?? 0) > 16 * MiB);
  assert.equal(passing !== undefined && memoryFlat(passing), true);
  assert.equal(memoryTrend({ label: "short", samples: [[0, 1]] }), undefined);
});

test("versus MLSpp: the two Go-driven sides take turns, rotating by config and by round", () => {
  assert.deepEqual(goOrder(0, 0), ["go-mlspp", "go-ours"]);
  assert.deepEqual(goOrder(0, 1), ["go-ours", "go-mlspp"]);
  assert.deepEqual(goOrder(1, 0), ["go-ours", "go-mlspp"]);
  assert.deepEqual(goOrder(1, 1), ["go-mlspp", "go-ours"]);
});

test("versus MLSpp: a round's ratios come from its sums over the configs", () => {
  const run = (round: number, config: string, side: VersusRun["side"], wallMs: number, cpu: number, runs: number) => ({
    round,
    config,
    side,
    wallMs,
    runs,
    passed: runs,
    failed: 0,
    serverCpuS: cpu,
    runnerCpuS: 0,
    load: 1,
  });
  const totals = roundTotals({
    scope: "suite 1",
    rounds: 1,
    configs: ["a", "b"],
    commands: { "go-mlspp": "", "go-ours": "", selftest: "" },
    runs: [
      run(1, "a", "go-mlspp", 1000, 1, 10),
      run(1, "b", "go-mlspp", 3000, 3, 30),
      run(1, "a", "go-ours", 2000, 4, 10),
      run(1, "b", "go-ours", 2000, 4, 30),
      run(1, "(all)", "selftest", 1000, 5, 40),
    ],
  });
  assert.equal(totals.length, 1);
  assert.equal(totals[0]?.sides["go-mlspp"].wallS, 4);
  assert.equal(totals[0]?.wallRatio, 1);
  // Ours 8 s over 40 runs, MLSpp 4 s over 40 runs.
  assert.equal(totals[0]?.cpuPerRunRatio, 2);
  assert.equal(totals[0]?.selftestSpeedup, 4);
  assert.deepEqual(spread([3, 1, 2]), { median: 2, min: 1, max: 3 });
});

test("per-RPC profile: samples go to the call running when they were taken, native frames to their caller's home", () => {
  const frame = (functionName: string, url: string) => ({ functionName, url });
  const profile = {
    startTime: 1000,
    nodes: [
      { id: 1, callFrame: frame("(root)", ""), children: [2, 3, 5] },
      { id: 2, callFrame: frame("(idle)", "") },
      { id: 3, callFrame: frame("verifyOneShot", "node:internal/crypto/sig"), children: [4] },
      { id: 4, callFrame: frame("run", "") },
      { id: 5, callFrame: frame("encode", "file:///r/node_modules/ts-mls/dist/src/codec/tlsEncoder.js") },
    ],
    // Samples at 1100 (a native call in crypto), 1200 (idle), 1300 (codec), 1400 (codec, between calls).
    samples: [4, 2, 5, 5],
    timeDeltas: [100, 100, 100, 100],
  };
  const spans = [
    { method: "joinGroup", start: 1050, end: 1150, ok: true },
    { method: "commit", start: 1250, end: 1350, ok: true },
  ];
  const r = attribute(profile, spans);
  const join = r.methods.find((m) => m.method === "joinGroup");
  assert.equal(join?.ms.crypto, 0.1);
  assert.equal(join?.top[0]?.frame, "run < verifyOneShot node:crypto/sig:0");
  assert.equal(r.methods.find((m) => m.method === "commit")?.ms["ts-mls codec"], 0.1);
  assert.equal(r.outside["ts-mls codec"], 0.1);
  assert.equal(r.idleMs, 0.1);
  assert.ok(Math.abs(r.busyMs - 0.3) < 1e-9);
  assert.equal(rpcBucketOf("f", "file:///r/dist/src/crypto/hpke.js"), "crypto");
  assert.equal(rpcBucketOf("f", "file:///r/dist/src/protocol/tree-hashes.js"), "our code");
  assert.equal(rpcBucketOf("f", "file:///r/node_modules/ts-mls/dist/src/treeHash.js"), "ts-mls");
  assert.equal(rpcBucketOf("(garbage collector)", ""), "GC");
});

test("the shards section: speed-up over one at a time by median wall, the projection labelled and from the whole matrix", () => {
  const run = (round: number, k: number, wallMs: number) => ({
    round,
    k,
    wallMs,
    shardWallMs: Array.from({ length: k }, () => wallMs - 100),
    runs: 100,
    passed: 99,
    exitCodes: Array.from({ length: k }, () => 1),
  });
  const lines = shardsSection({
    pair: "ours:mlspp",
    args: ["--pair", "ours:mlspp", "--skip-go"],
    rounds: 2,
    ks: [1, 2],
    runs: [run(1, 1, 100_000), run(1, 2, 60_000), run(2, 2, 80_000), run(2, 1, 120_000)],
    wholeMatrix: { date: "d", command: "cross --lanes 3", durationS: 6000, combos: 21, runs: 1000, goRuns: 500 },
  }).join("\n");
  assert.match(lines, /\| 1 \| 100\.0, 120\.0 \| 110\.0 \|/);
  assert.match(lines, /\| 2 \| 60\.0, 80\.0 \| 70\.0 \| 69\.9 \| 99\/100, 99\/100 \| 1\.57× \|/);
  assert.match(lines, /\*Projection, not a measurement\*.*1\.57×/s);
  assert.match(lines, /k = 4: ~25 min/);
  assert.match(lines, /in \*\*100 min\*\*/);
});
