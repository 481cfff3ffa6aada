// KNOWN-ISSUES.md#codec-allocation
import assert from "node:assert/strict";
import { test } from "node:test";
import { encode, keyPackageEncoder } from "ts-mls";
import { fixedNoWorkaround, keyPackage } from "./fixtures.js";

const slug = "codec-allocation";

test("encoding makes a new view of the output buffer for every field it writes", async () => {
  const { keyPackage: kp } = await keyPackage("alice");
  const native = { DataView: globalThis.DataView, Uint8Array: globalThis.Uint8Array };
  let views = 0;
  const counted = <C extends object>(constructor: C): C =>
    new Proxy(constructor, {
      construct(target, args, newTarget) {
        views++;
        return Reflect.construct(target as never, args, newTarget) as object;
      },
    });
  let encoded: Uint8Array;
  globalThis.DataView = counted(native.DataView);
  globalThis.Uint8Array = counted(native.Uint8Array);
  try {
    encoded = encode(keyPackageEncoder, kp);
  } finally {
    globalThis.DataView = native.DataView;
    globalThis.Uint8Array = native.Uint8Array;
  }
  assert.ok(encoded.length > 100, "fixture: a KeyPackage encodes");
  // One buffer and one view of it would do.
  assert.ok(
    views > 20,
    fixedNoWorkaround(slug, `encoding a KeyPackage made ${views} views; nothing of ours works around it`),
  );
});
