// Name and SupportedCiphersuites: what the runner asks before building its matrix.
import { createRequire } from "node:module";
import type {
  NameRequest,
  NameResponse,
  SupportedCiphersuitesRequest,
  SupportedCiphersuitesResponse,
} from "../gen/mls_client.js";
import { supportedSuiteIds } from "./ciphersuites.js";

const require = createRequire(import.meta.url);

function packageVersion(specifier: string): string {
  return (require(specifier) as { version: string }).version;
}

/** Reports show this, so it names both our version and the library's. */
export const serverName = `mls-interop-ts ${packageVersion("../../../package.json")} (ts-mls ${tsMlsVersion()})`;

export function tsMlsVersion(): string {
  // The package's exports map hides package.json, so read it next to the resolved entry point.
  const entry = require.resolve("ts-mls");
  const root = entry.slice(0, entry.lastIndexOf("/dist/"));
  return packageVersion(`${root}/package.json`);
}

export async function name(_req: NameRequest): Promise<NameResponse> {
  return { name: serverName };
}

export async function supportedCiphersuites(
  _req: SupportedCiphersuitesRequest,
): Promise<SupportedCiphersuitesResponse> {
  return { ciphersuites: [...supportedSuiteIds] };
}
