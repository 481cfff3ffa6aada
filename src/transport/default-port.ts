// Kept apart from cli/serve.ts so that `mls-interop health`, which a container
// runs every few seconds, does not load ts-mls just to learn a number.
// 50053 leaves 50051 and 50052 to OpenMLS and MLSpp, as in the working group's
// compose setups, so all three stacks fit on one host.
export const defaultPort = 50053;
