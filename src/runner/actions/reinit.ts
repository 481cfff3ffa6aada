import { actorName, actorNames, extensions, flag, stepRef } from "../params.js";
import { defineAction } from "./action.js";
import { checkOriginalGroup } from "./proposal-description.js";

/** Distinct names in first-seen order (Go uses map sets, whose order is random). */
function distinct(names: readonly string[], without: string): string[] {
  return [...new Set(names)].filter((n) => n !== without);
}

export const reinit = defineAction({
  name: "reinit",
  needsActor: false,
  params: {
    proposer: actorName(),
    externalReinitProposal: stepRef(["proposal"]),
    committer: actorName({ required: true }),
    welcomer: actorName({ required: true }),
    members: actorNames(),
    changeCipherSuite: flag(),
    changeGroupID: flag(),
    extensions: extensions(),
    // Camel case here, unlike fullCommit's force_path: the Go runner's spelling.
    forcePath: flag(),
    externalTree: flag(),
  },
  methods: [
    "reInitProposal",
    "reInitCommit",
    "handlePendingReInitCommit",
    "handleReInitCommit",
    "reInitWelcome",
    "handleReInitWelcome",
  ],
  outputs: () => [],
  check(p, scope, present) {
    if (p.proposer === "" && !present.has("externalReinitProposal")) {
      scope.error("proposer", "a reinit needs a proposer or an externalReinitProposal step");
    } else if (p.proposer !== "" && present.has("externalReinitProposal")) {
      scope.warn("externalReinitProposal", "is ignored because proposer is set");
    }
    checkOriginalGroup(scope, "reinit");
  },
  async run(cx, p) {
    const proposer = p.proposer === "" ? [] : [p.proposer];
    const notCommitter = distinct([p.welcomer, ...p.members, ...proposer], p.committer);
    const notWelcomer = distinct([p.committer, ...p.members, ...proposer], p.welcomer);

    // Go reads the group id before switching suite; keep that order.
    const groupId = cx.groupIdFor(p.changeGroupID);
    if (p.changeCipherSuite) cx.changeCipherSuite();

    let proposal: Buffer;
    if (p.proposer !== "") {
      const proposed = await cx.call(p.proposer, "reInitProposal", {
        stateId: cx.state(p.proposer),
        cipherSuite: cx.suite,
        groupId,
        extensions: p.extensions,
      });
      proposal = proposed.proposal;
    } else {
      proposal = cx.message(p.externalReinitProposal, "proposal");
    }

    const committed = await cx.call(p.committer, "reInitCommit", {
      stateId: cx.state(p.committer),
      byReference: [proposal],
    });
    const applied = await cx.call(p.committer, "handlePendingReInitCommit", { stateId: cx.state(p.committer) });
    const reinitIds = new Map([[p.committer, cx.adopt(p.committer, applied.reinitId)]]);
    const keyPackages = new Map([[p.committer, applied.keyPackage]]);

    for (const member of notCommitter) {
      const handled = await cx.call(member, "handleReInitCommit", {
        stateId: cx.state(member),
        proposal: [proposal],
        commit: committed.commit,
      });
      cx.agree(
        handled.epochAuthenticator,
        applied.epochAuthenticator,
        `Member [${member}] failed to agree on epoch authenticator`,
      );
      reinitIds.set(member, cx.adopt(member, handled.reinitId));
      keyPackages.set(member, handled.keyPackage);
    }

    const welcomed = await cx.call(p.welcomer, "reInitWelcome", {
      reinitId: reinitIds.get(p.welcomer) ?? 0,
      keyPackage: notWelcomer.map((m) => keyPackages.get(m) ?? Buffer.alloc(0)),
      forcePath: p.forcePath,
      externalTree: p.externalTree,
    });
    cx.released(p.welcomer, reinitIds.get(p.welcomer) ?? 0);
    cx.states.set(p.welcomer, welcomed.stateId);
    const tree = p.externalTree ? welcomed.ratchetTree : undefined;

    for (const member of notWelcomer) {
      const joined = await cx.call(member, "handleReInitWelcome", {
        reinitId: reinitIds.get(member) ?? 0,
        welcome: welcomed.welcome,
        ratchetTree: tree,
      });
      cx.released(member, reinitIds.get(member) ?? 0);
      cx.agree(
        joined.epochAuthenticator,
        welcomed.epochAuthenticator,
        `Member [${member}] failed to agree on reinit epoch authenticator`,
      );
      cx.states.set(member, joined.stateId);
    }
  },
});
