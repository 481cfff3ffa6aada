// The installed ts-mls's version, for the server's Name. Here in the binding
// because it reads the package's layout: ts-mls's exports map hides its
// package.json, so it is read next to the resolved entry point.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function tsMlsVersion(): string {
  const entry = require.resolve("ts-mls");
  const root = entry.slice(0, entry.lastIndexOf("/dist/"));
  return (require(`${root}/package.json`) as { version: string }).version;
}
