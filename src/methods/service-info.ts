// Name and SupportedCiphersuites: what the runner asks before building its matrix.
import { createRequire } from "node:module";
import type {
  NameRequest,
  NameResponse,
  SupportedCiphersuitesRequest,
  SupportedCiphersuitesResponse,
} from "../gen/mls_client.js";
import { supportedSuiteIds } from "../ts-mls/ciphersuites.js";
import { tsMlsVersion } from "../ts-mls/library-version.js";
import type { MethodContext } from "./handles.js";
import type { ProtocolMode } from "../ts-mls/protocol-mode.js";

const require = createRequire(import.meta.url);

function packageVersion(specifier: string): string {
  return (require(specifier) as { version: string }).version;
}

/**
 * Reports show this, so it names our version, the library's, and which mode
 * runs: our RFC 9420 layer over ts-mls, or ts-mls as released.
 */
export function serverName(mode: ProtocolMode): string {
  const layer = mode === "rfc" ? ", RFC 9420 layer" : " as released";
  return `mls-interop-ts ${packageVersion("../../../package.json")} (ts-mls ${tsMlsVersion()}${layer})`;
}

export async function name(ctx: MethodContext, _req: NameRequest): Promise<NameResponse> {
  return { name: serverName(ctx.options.mode) };
}

export async function supportedCiphersuites(
  _req: SupportedCiphersuitesRequest,
): Promise<SupportedCiphersuitesResponse> {
  return { ciphersuites: [...supportedSuiteIds] };
}
