// The other stacks a cross run plays against, and the working group's Go
// runner, as ../shared/peers/build.sh leaves them in a peers folder. This
// project never builds them itself (fetched code is built outside it): a
// missing peer is an error naming the build.sh command, which `cross --build`
// may run.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { projectRoot, sharedDir } from "../runner/project-root.js";

export type PeerId = "mlspp" | "ts-mls-reference";

export interface Command {
  file: string;
  args: string[];
  cwd?: string;
}

export interface PeerSpec {
  id: PeerId;
  title: string;
  /** The public repository it is built from, and the part of it that is the interop server. */
  repository: string;
  part: string;
  /** build.sh's name for it. */
  buildTarget: "mlspp" | "tsmls";
  /** What must exist in the peers folder for it to run. */
  needs: string[];
  command(peers: string, port: number): Command;
  /** Where build.sh wrote the commit it built from, and the key of logs/versions.txt. */
  commitFile: string;
  versionsKey: string;
}

export const peerSpecs: Record<PeerId, PeerSpec> = {
  mlspp: {
    id: "mlspp",
    title: "MLSpp",
    repository: "cisco/mlspp",
    part: "cmd/interop (mlspp_client)",
    buildTarget: "mlspp",
    needs: ["interop-build/mlspp_client"],
    command: (peers, port) => ({
      file: join(peers, "interop-build", "mlspp_client"),
      args: ["-live", String(port), "-host", "127.0.0.1"],
    }),
    commitFile: "mlspp/source-commit",
    versionsKey: "cisco+mlspp",
  },
  "ts-mls-reference": {
    id: "ts-mls-reference",
    title: "ts-mls's reference interop server",
    repository: "LukaJCB/ts-mls",
    part: "interop/ (src/server.ts through tsx)",
    buildTarget: "tsmls",
    needs: ["ts-mls/interop/src/server.ts", "ts-mls/interop/node_modules/.bin/tsx"],
    // It listens on every interface (0.0.0.0); it has no flag to narrow that.
    command: (peers, port) => ({
      file: process.execPath,
      args: ["node_modules/.bin/tsx", "src/server.ts", "-p", String(port)],
      cwd: join(peers, "ts-mls", "interop"),
    }),
    commitFile: "ts-mls/.peer-built",
    versionsKey: "LukaJCB+ts-mls",
  },
};

export const goRunner = {
  title: "the MLS working group's test runner (Go)",
  repository: "mlswg/mls-implementations",
  part: "interop/test-runner",
  buildTarget: "runner",
  needs: ["bin/test-runner"],
  binary: (peers: string) => join(peers, "bin", "test-runner"),
  commitFile: "go-runner/source-commit",
  versionsKey: "mlswg+mls-implementations",
} as const;

export function isPeerId(text: string): text is PeerId {
  return Object.hasOwn(peerSpecs, text);
}

/** `../peers` beside the checkout, where ../shared/peers/build.sh builds by default. */
export function defaultPeersDir(): string {
  return resolve(projectRoot(), "..", "peers");
}

export function buildScript(): string {
  return join(sharedDir(), "peers", "build.sh");
}

export interface Missing {
  what: string;
  buildTarget: string;
  paths: string[];
}

export function missingParts(peers: string, peer: PeerSpec, withGo: boolean): Missing[] {
  const parts: Missing[] = [];
  const check = (what: string, buildTarget: string, needs: readonly string[]) => {
    const absent = needs.map((n) => join(peers, n)).filter((p) => !existsSync(p));
    if (absent.length > 0) parts.push({ what, buildTarget, paths: absent });
  };
  if (withGo) check(goRunner.title, goRunner.buildTarget, goRunner.needs);
  check(peer.title, peer.buildTarget, peer.needs);
  return parts;
}

/** What to tell a user whose peers folder lacks something. */
export function missingMessage(peers: string, missing: readonly Missing[]): string {
  const targets = missing.map((m) => m.buildTarget).join(" ");
  const defaultPeers = resolve(peers) === defaultPeersDir();
  return [
    `missing in ${peers}:`,
    ...missing.map((m) => `  ${m.what}: ${m.paths.join(", ")}`),
    `build ${missing.length === 1 ? "it" : "them"} with the shared recipe (outside this project, it builds fetched code):`,
    `  ${defaultPeers ? "" : `PEERS=${peers} `}${buildScript()} ${targets}`,
    `or run this command again with --build to have it run that script.`,
  ].join("\n");
}

export interface SourceCommit {
  commit?: string;
  /** Where the commit was read. */
  from?: string;
}

/** logs/versions.txt lines: `OWNER+NAME   COMMIT`. */
export function parseVersions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^(\S+\+\S+)\s+([0-9a-f]{40})\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) out.set(match[1], match[2]);
  }
  return out;
}

export function sourceCommit(peers: string, part: { commitFile: string; versionsKey: string }): SourceCommit {
  const file = join(peers, part.commitFile);
  if (existsSync(file)) {
    const commit = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f]{40}$/.test(commit)) return { commit, from: part.commitFile };
  }
  const versions = join(peers, "logs", "versions.txt");
  if (existsSync(versions)) {
    const commit = parseVersions(readFileSync(versions, "utf8")).get(part.versionsKey);
    if (commit !== undefined) return { commit, from: "logs/versions.txt" };
  }
  return {};
}

/** When build.sh last recorded versions (first line of logs/versions.txt). */
export function builtAt(peers: string): string | undefined {
  const versions = join(peers, "logs", "versions.txt");
  if (!existsSync(versions)) return undefined;
  const first = readFileSync(versions, "utf8").split("\n")[0]?.trim();
  return first !== undefined && /^\d{4}-\d\d-\d\dT/.test(first) ? first : undefined;
}
