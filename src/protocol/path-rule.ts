// When a commit must carry an UpdatePath: RFC 9420 §12.4 and the "Path
// Required" column of the proposal types registry (§17.4). ts-mls asks for a
// path only with no proposal, or with more than one Update or more than one
// Remove (KNOWN-ISSUES.md#path-required-rule).
import { defaultProposalTypes, type Proposal } from "ts-mls";

const needsPath: ReadonlyMap<number, string> = new Map([
  [defaultProposalTypes.update, "Update"],
  [defaultProposalTypes.remove, "Remove"],
  [defaultProposalTypes.external_init, "ExternalInit"],
  [defaultProposalTypes.group_context_extensions, "GroupContextExtensions"],
]);

const knownTypes = new Set<number>(Object.values(defaultProposalTypes));

/**
 * Why the commit of `proposals` needs a path, in words for an error message,
 * or undefined when it may go without. A proposal type this server does not
 * know is treated as requiring one: its registry entry cannot be consulted.
 */
export function pathRequirement(proposals: readonly Proposal[]): string | undefined {
  if (proposals.length === 0) return "a commit without proposals";
  for (const p of proposals) {
    const name = needsPath.get(p.proposalType);
    if (name !== undefined) return `a commit covering a ${name} proposal`;
    if (!knownTypes.has(p.proposalType)) return `a commit covering a proposal of unknown type ${p.proposalType}`;
  }
  return undefined;
}
