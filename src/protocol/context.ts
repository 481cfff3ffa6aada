// What every construction here runs with: ts-mls's MlsContext with its client
// configuration spelt out, and the one the server builds for every call.
import {
  defaultKeyPackageEqualityConfig,
  defaultKeyRetentionConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  unsafeTestingAuthenticationService,
  type ClientConfig,
  type MlsContext,
} from "ts-mls";
import type { Suite } from "../ts-mls/ciphersuites.js";

export type ProtocolContext = MlsContext & { clientConfig: ClientConfig };

/** External PSKs by base64 psk_id, the key ts-mls looks them up by. */
export type PskTable = Readonly<Record<string, Uint8Array>>;

/**
 * Resumption PSKs may name past epochs (commit.json asks for epoch N-2), and
 * late application messages may come from them; keep a few more epochs than
 * ts-mls's default of 4.
 */
export const clientConfig: ClientConfig = {
  keyRetentionConfig: { ...defaultKeyRetentionConfig, retainKeysForEpochs: 8 },
  lifetimeConfig: defaultLifetimeConfig,
  keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
  paddingConfig: defaultPaddingConfig,
};

/** Interop runs use Basic credentials that no one vouches for: any credential is accepted. */
export function mlsContext(suite: Suite, psks: PskTable, config: ClientConfig = clientConfig): ProtocolContext {
  return {
    cipherSuite: suite.impl,
    authService: unsafeTestingAuthenticationService,
    externalPsks: psks as Record<string, Uint8Array>,
    clientConfig: config,
  };
}
