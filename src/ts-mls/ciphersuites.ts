// The ciphersuites this server runs end to end, and their ts-mls
// implementations, built once per suite: deriving an implementation imports
// WebCrypto keys and optional packages, far too slow to repeat per call.
// Each is wrapped in our provider (src/crypto/provider.ts), which imports a
// signature key once instead of for every use.
import {
  ciphersuites,
  getCiphersuiteImpl,
  type CiphersuiteImpl,
  type CiphersuiteName,
  type CryptoProvider,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import { cachedCiphersuite, libraryCiphersuite } from "../crypto/provider.js";

export interface Suite {
  readonly id: number;
  readonly name: CiphersuiteName;
  readonly impl: CiphersuiteImpl;
}

/**
 * RFC 9420 suites 1-7. ts-mls implements each one given the optional crypto
 * packages in our dependencies (@noble/curves, @hpke/dhkem-x448,
 * @hpke/chacha20poly1305); src/transport/ciphersuites.test.ts plays a full scenario
 * in every one. The library's post-quantum suites are left out: no other
 * interop stack runs them, so they would only lengthen every matrix.
 */
export const supportedSuiteIds: readonly number[] = [1, 2, 3, 4, 5, 6, 7];

const namesById = new Map<number, CiphersuiteName>(
  (Object.entries(ciphersuites) as Array<[CiphersuiteName, number]>).map(([name, id]) => [id, name]),
);

const cache = new Map<number, Promise<Suite>>();

export type CryptoChoice = "cached" | "library";
let provider: CryptoChoice = "cached";

/**
 * "library": ts-mls's own provider, unwrapped (`serve --crypto library`), so
 * the bench can measure what ours saves. Set before the first call.
 */
export function useCryptoProvider(choice: CryptoChoice): void {
  if (cache.size > 0 && choice !== provider) throw new Error("the crypto provider is chosen before any suite is built");
  provider = choice;
}

/** The suite behind a wire ciphersuite value; INVALID_ARGUMENT when we do not run it. */
export function suite(id: number): Promise<Suite> {
  const cached = cache.get(id);
  if (cached !== undefined) return cached;
  const name = namesById.get(id);
  if (name === undefined || !supportedSuiteIds.includes(id)) {
    return Promise.reject(
      invalidArgument(`unsupported ciphersuite ${id} (supported: ${supportedSuiteIds.join(", ")})`),
    );
  }
  const built = getCiphersuiteImpl(name).then((library) => ({
    id,
    name,
    impl: provider === "cached" ? cachedCiphersuite(name, library) : libraryCiphersuite(name, library),
  }));
  // A failed build (a missing optional package) must not be cached forever.
  built.catch(() => cache.delete(id));
  cache.set(id, built);
  return built;
}

/**
 * The suites above as a ts-mls CryptoProvider, for the library functions
 * that build a suite's implementation themselves (`joinGroupFromReinit`,
 * `reinitCreateNewGroup` take a `provider`): without it they run on ts-mls's
 * default provider, and so on its per-call key imports.
 */
export const cryptoProvider: CryptoProvider = {
  getCiphersuiteImpl: async (id) => (await suite(id)).impl,
};

export function suiteName(id: number): string {
  return namesById.get(id) ?? `unknown(${id})`;
}
