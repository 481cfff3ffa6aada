// The suites ts-mls builds for itself (through our CryptoProvider) are the
// server's own, wrapped in our crypto provider.
import assert from "node:assert/strict";
import { test } from "node:test";
import { getCiphersuiteImpl, type CiphersuiteName } from "ts-mls";
import { names } from "../testing/provider-pairs.js";
import { cryptoProvider, suite } from "./ciphersuites.js";

test("the CryptoProvider for ts-mls's own suite lookups hands out the same implementations the server uses", async () => {
  for (const id of [1, 2, 3, 4, 5, 6, 7]) {
    const impl = await cryptoProvider.getCiphersuiteImpl(id);
    assert.equal(impl, (await suite(id)).impl);
    assert.notEqual(impl, await getCiphersuiteImpl(names[id - 1] as CiphersuiteName), "ours, not the library's");
  }
  await assert.rejects(cryptoProvider.getCiphersuiteImpl(61447), /unsupported ciphersuite/);
});
