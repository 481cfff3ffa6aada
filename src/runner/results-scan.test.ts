import assert from "node:assert/strict";
import { test } from "node:test";
import { ResultsFormatError } from "./results-file.js";
import { scanResults, spanText } from "./results-scan.js";

// As Go's MarshalIndent writes it: its escapes, and a uint64 no double holds.
const goFile = `{
  "scripts": {
    "add": [
      {
        "cipher_suite": 1,
        "actors": {
          "alice": "a \\u003c b"
        },
        "transcript": [
          {
            "response": {
              "epoch_id": 18446744073709551615,
              "note": "] } [ { \\" \\\\"
            }
          }
        ]
      },
      {
        "cipher_suite": 2
      }
    ],
    "empty": []
  },
  "servers": {"s1": {"name": "x"}}
}
`;

test("finds each run's bytes and the other top-level values, strings with brackets and escapes included", () => {
  const bytes = Buffer.from(goFile);
  const scanned = scanResults(bytes, "go.json");
  assert.deepEqual(
    scanned.runs.map((r) => r.script),
    ["add", "add"],
  );
  const first = spanText(bytes, scanned.runs[0]!.span);
  assert.ok(first.startsWith('{\n  "cipher_suite": 1,'), "continuation lines lose the run's own indentation");
  assert.ok(first.includes("18446744073709551615"), "numbers are copied, not parsed");
  assert.ok(first.includes("a \\u003c b"), "escapes stay as written");
  assert.deepEqual(JSON.parse(first).transcript[0].response.note, '] } [ { " \\');
  assert.equal(spanText(bytes, scanned.runs[1]!.span), '{\n  "cipher_suite": 2\n}');
  assert.deepEqual([...scanned.top.keys()], ["servers"]);
});

test("a file that is not a results file is named with where it stops making sense", () => {
  for (const [text, why] of [
    ['{"scripts": {"a": [1]}}', /not a results file: scripts\.a: expected a run object/],
    ['{"scripts": {"a": [{"x": "unterminated}]}}', /unterminated string/],
    ['{"servers": {}}', /no "scripts" object/],
    ['{"scripts": {}} trailing', /text after the end/],
    ["[]", /expected '\{' at byte 0/],
  ] as const)
    assert.throws(
      () => scanResults(Buffer.from(text), "x.json"),
      (e: unknown) => e instanceof ResultsFormatError && why.test(e.message) && e.message.startsWith("x.json: "),
    );
});
