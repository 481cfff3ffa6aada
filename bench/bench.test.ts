// The bench's arithmetic and classification, which its figures rest on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { median } from "./measure.js";
import { overheadMet } from "./overhead.js";
import { bucketOf } from "./profile.js";
import { svgPlot } from "./svg-plot.js";

test("median of odd and even counts, NaN for none", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test("the overhead target: under 10% of the library, or under 0.3 ms", () => {
  assert.equal(overheadMet(20, 21.9), true);
  assert.equal(overheadMet(20, 22.1), false);
  assert.equal(overheadMet(0.5, 0.79), true);
  assert.equal(overheadMet(0.5, 0.81), false);
});

test("profile samples land in the bucket of the code's home, ts-mls before our dist/src", () => {
  assert.equal(bucketOf("createCommit", "file:///r/node_modules/ts-mls/dist/src/createCommit.js"), "ts-mls");
  assert.equal(bucketOf("protect", "file:///r/dist/src/mls/application.js"), "our code (dist/src)");
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
