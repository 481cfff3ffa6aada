// Branching (RFC 9420 §11.3): a new group of some members, resuming the
// parent's current epoch; the parent state stays usable.
import { joinGroupFromBranch, resumptionPSKUsages } from "ts-mls";
import type {
  CreateBranchRequest,
  CreateSubgroupResponse,
  HandleBranchRequest,
  HandleBranchResponse,
} from "../gen/mls_client.js";
import { decodeKeyPackage, decodeRatchetTree, decodeWelcome } from "../ts-mls/codec.js";
import { groupContextExtensionsFromWire } from "../ts-mls/extensions.js";
import type { MethodContext } from "./handles.js";
import { joined } from "./groups.js";
import { generateKeyPackageFor } from "../ts-mls/key-packages.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { newSession } from "./member-session.js";
import { createResumedGroup, subgroupResponse } from "./resumption.js";
import { mlsContext } from "../protocol/context.js";
import { joinFromWelcome } from "../protocol/welcome-join.js";
import { ownIdentity } from "../ts-mls/tree.js";

export async function createBranch(ctx: MethodContext, req: CreateBranchRequest): Promise<CreateSubgroupResponse> {
  const extensions = groupContextExtensionsFromWire(req.extensions, "extensions");
  const members = req.keyPackages.map((kp, i) => decodeKeyPackage(kp, `key_packages[${i}]`));
  return ctx.store.transaction([req.stateId], async (tx) => {
    const parent = tx.get(req.stateId, "state");
    const created = await createResumedGroup(ctx, {
      suite: parent.suite,
      groupId: Uint8Array.from(req.groupId),
      extensions,
      own: await generateKeyPackageFor(parent.suite, ownIdentity(parent.state)),
      members,
      resumeFrom: parent.state,
      usage: resumptionPSKUsages.branch,
      encryptHandshake: parent.encryptHandshake,
      psks: parent.psks,
      shape: req,
    });
    return subgroupResponse(tx.create("state", created.session), created);
  });
}

/** Joins with the pending join `transaction_id`; the parent state `state_id` supplies the branch PSK. */
export async function handleBranch(ctx: MethodContext, req: HandleBranchRequest): Promise<HandleBranchResponse> {
  const welcome = decodeWelcome(req.welcome, "welcome");
  const ratchetTree = decodeRatchetTree(req.ratchetTree, "ratchet_tree");
  return ctx.store.transaction([req.stateId, req.transactionId], async (tx) => {
    const parent = tx.get(req.stateId, "state");
    const join = tx.get(req.transactionId, "join");
    const psks = { ...parent.psks, ...join.psks };
    const context = mlsContext(join.suite, psks);
    const state = await libraryOnInput("join branch", () =>
      ctx.options.mode === "rfc"
        ? joinFromWelcome({
            context,
            welcome,
            keyPackage: join.keyPackage,
            privateKeys: join.privateKeys,
            ratchetTree,
            resumeFrom: parent.state,
          })
        : joinGroupFromBranch({
            context,
            oldState: parent.state,
            welcome,
            keyPackage: join.keyPackage,
            privateKeyPackage: join.privateKeys,
            ratchetTree,
          }),
    );
    return joined(tx, req.transactionId, newSession(state, join.suite, parent.encryptHandshake, psks));
  });
}
