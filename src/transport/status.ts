// Failures to gRPC statuses: an InteropError keeps its code; anything else is
// our bug and becomes INTERNAL. Every message starts with the method's name.
import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { errorMessage, isInteropError } from "../errors.js";

export function toServiceError(rpc: string, err: unknown): ServiceError {
  const code = isInteropError(err) ? err.code : status.INTERNAL;
  const reason = isInteropError(err) ? err.message : `internal error: ${errorMessage(err)}`;
  const error = new Error(`${rpc}: ${reason}`) as ServiceError;
  error.code = code;
  error.details = `${rpc}: ${reason}`;
  error.metadata = new Metadata();
  return error;
}
