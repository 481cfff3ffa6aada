// The ciphersuite a vector case names, or the reason the case is skipped.
import { errorMessage } from "../errors.js";
import { suite, type Suite } from "../mls/ciphersuites.js";
import type { Skip } from "./vector-suite.js";

export async function suiteOrSkip(id: number): Promise<Suite | Skip> {
  try {
    return await suite(id);
  } catch (err) {
    return { skip: `ciphersuite ${id}: ${errorMessage(err)}` };
  }
}
