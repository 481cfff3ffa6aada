// Asserting on gRPC failures: the status code, and a message that starts
// with the method's name as every failure of ours does.
import assert from "node:assert/strict";
import { status, type ServiceError } from "@grpc/grpc-js";

export async function expectStatus(
  call: Promise<unknown>,
  code: status,
  rpc: string,
  messagePattern?: RegExp,
): Promise<ServiceError> {
  const err = await call.then(
    () => assert.fail(`${rpc} succeeded, expected ${status[code]}`),
    (e: unknown) => e as ServiceError,
  );
  assert.equal(status[err.code], status[code], `${rpc}: got ${status[err.code]} (${err.details})`);
  assert.ok(err.details.startsWith(`${rpc}: `), `message should name the method: '${err.details}'`);
  if (messagePattern !== undefined) assert.match(err.details, messagePattern);
  return err;
}
