// What the cross tests play: fake stacks (fake-stack.ts) declared as a
// stacks file declares them, and a config of two small scripts: `update`
// calls UpdateProposal (bob's), where a fake told to falls over or refuses;
// `empty` comes after it and needs a live server.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A stack of the stacks file started as a fake, with its faults (`--panic updateProposal`, ...). */
export const fakeStack = (id: string, ...faults: string[]) => ({
  id,
  name: `fake ${id}`,
  repository: "src/cross/testing/fake-stack.ts",
  start: {
    command: ["node", "{root}/dist/src/cross/testing/fake-stack.js", "--port", "{port}", "--name", id, ...faults],
  },
});

/** A fresh folder with the stacks file (stacks.json) and the configs (configs/c.json), with any more scripts. */
export function fakeFixture(
  stacks: object[],
  moreScripts: Record<string, object[]> = {},
): { dir: string; stacks: string; configs: string } {
  const dir = mkdtempSync(join(tmpdir(), "cross-test-"));
  writeFileSync(join(dir, "stacks.json"), JSON.stringify({ stacks }));
  return { dir, stacks: join(dir, "stacks.json"), configs: writeFakeConfigs(dir, moreScripts) };
}

function writeFakeConfigs(dir: string, moreScripts: Record<string, object[]>): string {
  mkdirSync(join(dir, "configs"));
  writeFileSync(
    join(dir, "configs", "c.json"),
    JSON.stringify({
      scripts: {
        update: [
          { action: "createGroup", actor: "alice", members: ["bob"] },
          { action: "updateProposal", actor: "bob" },
          { action: "fullCommit", actor: "alice", byReference: [1], members: ["bob"] },
        ],
        empty: [
          { action: "createGroup", actor: "alice", members: ["bob"] },
          { action: "fullCommit", actor: "alice", members: ["bob"] },
        ],
        ...moreScripts,
      },
    }),
  );
  return join(dir, "configs");
}
