// Vectors are mostly per ciphersuite: the suite a case names, or the reason
// the case is skipped, looked up once here for every verifier.
import { errorMessage } from "../errors.js";
import { suite, type Suite } from "../ts-mls/ciphersuites.js";
import type { Fields } from "./fields.js";
import type { Check } from "./outcome.js";
import { defineSuite, type AnySuite, type Skip } from "./vector-suite.js";

export async function suiteOrSkip(id: number): Promise<Suite | Skip> {
  try {
    return await suite(id);
  } catch (err) {
    return { skip: `ciphersuite ${id}: ${errorMessage(err)}` };
  }
}

/** A verifier for cases with a `cipher_suite` field; cases of suites we do not run are skipped. */
export function definePerSuite<C>(spec: {
  name: string;
  /** The case's own fields; `cipher_suite` is added. */
  fields: readonly string[];
  parse: (f: Fields) => C;
  verify: (testCase: C, cs: Suite, check: Check) => Promise<void | Skip>;
}): AnySuite {
  return defineSuite<{ cipherSuite: number; testCase: C }>({
    name: spec.name,
    fields: ["cipher_suite", ...spec.fields],
    parse: (f) => ({ cipherSuite: f.uint("cipher_suite", 0xffff), testCase: spec.parse(f) }),
    async verify({ cipherSuite, testCase }, check) {
      const cs = await suiteOrSkip(cipherSuite);
      return "skip" in cs ? cs : spec.verify(testCase, cs, check);
    },
  });
}
