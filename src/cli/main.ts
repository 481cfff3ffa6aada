#!/usr/bin/env node
// Entry point of the `mls-interop` command: dispatches to one module per
// subcommand, each exporting `usage` and `main(args) => exit status`.
import { packageVersion } from "../runner/project-root.js";
import { registerRfcCodecs } from "../ts-mls/rfc-codecs/register.js";

interface Subcommand {
  summary: string;
  load: () => Promise<{ usage: string; main: (args: string[]) => Promise<number> }>;
}

const subcommands: Record<string, Subcommand> = {
  serve: { summary: "run the MLSClient gRPC server", load: () => import("./serve.js") },
  run: { summary: "play scenario configs against MLSClient servers", load: () => import("./run.js") },
  selftest: { summary: "start local servers and play configs against them", load: () => import("./selftest.js") },
  cross: {
    summary: "play every declared stack against every other, with both runners, and report",
    load: () => import("./cross.js"),
  },
  merge: {
    summary: "merge the shards of a matrix played on several machines",
    load: () => import("./merge.js"),
  },
  diff: { summary: "compare two results files", load: () => import("./diff.js") },
  page: {
    summary: "the cross-stack page of a matrix summary, and a screenshot of it",
    load: () => import("./page.js"),
  },
  vectors: { summary: "replay the working group's test vectors", load: () => import("./vectors.js") },
  health: { summary: "ask a server's gRPC health service whether it is serving", load: () => import("./health.js") },
};

function topUsage(): string {
  const lines = Object.entries(subcommands).map(([name, s]) => `  ${name.padEnd(10)} ${s.summary}`);
  return [
    "usage: mls-interop <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "mls-interop <command> --help shows a command's options; --version prints the version.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(topUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(packageVersion());
    return 0;
  }
  const sub = subcommands[name];
  if (sub === undefined) {
    console.error(`mls-interop: unknown command '${name}'\n\n${topUsage()}`);
    return 2;
  }
  // Before the subcommand loads ts-mls: the hook only reaches modules loaded after it.
  if (!rest.includes("--as-released")) registerRfcCodecs();
  const mod = await sub.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(mod.usage);
    return 0;
  }
  return mod.main(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
