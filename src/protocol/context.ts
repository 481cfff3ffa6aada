// What every construction here runs with: ts-mls's MlsContext with its client
// configuration spelt out (the server always sets one; see member-session.ts).
import type { ClientConfig, MlsContext } from "ts-mls";

export type ProtocolContext = MlsContext & { clientConfig: ClientConfig };
