// The bench's arithmetic and classification, which its figures rest on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { median } from "./measure.js";
import { flatLimit, leastSquaresSlope, memoryFlat, memoryTrend } from "./memory.js";
import { filterConfigs, parseSelftestSummary } from "./official.js";
import { GoResultCounter } from "./peers.js";
import { rpcTargetMet } from "./overhead.js";
import { bucketOf } from "./profile.js";
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

test("profile samples land in the bucket of the code's home, ts-mls before our dist/src", () => {
  assert.equal(bucketOf("createCommit", "file:///r/node_modules/ts-mls/dist/src/createCommit.js"), "ts-mls");
  assert.equal(bucketOf("protect", "file:///r/dist/src/methods/application.js"), "our code (dist/src)");
  assert.equal(bucketOf("sign", "node:internal/crypto/sig"), "crypto (WebCrypto bindings, @noble, @hpke)");
  assert.equal(
    bucketOf("mod", "file:///r/node_modules/@noble/curves/abstract/modular.js"),
    "crypto (WebCrypto bindings, @noble, @hpke)",
  );
  assert.equal(bucketOf("write", "/r/node_modules/@grpc/grpc-js/build/src/server.js"), "gRPC, HTTP/2, protobuf");
  assert.equal(bucketOf("respond", "node:internal/http2/core"), "gRPC, HTTP/2, protobuf");
  assert.equal(bucketOf("emit", "node:events"), "other Node internals");
  assert.equal(bucketOf("(idle)", ""), "idle");
  assert.equal(bucketOf("(garbage collector)", ""), "V8: GC");
  assert.equal(bucketOf("(program)", ""), "V8 and native code");
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
