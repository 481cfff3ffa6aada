// The one error type used at every boundary: it carries the gRPC status the
// failure must surface as, so no layer needs to guess a status from a string.
import { status } from "@grpc/grpc-js";

export type StatusCode = status;
export { status as Status };

export class InteropError extends Error {
  readonly code: StatusCode;

  constructor(code: StatusCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InteropError";
    this.code = code;
  }
}

export const invalidArgument = (message: string, cause?: unknown): InteropError =>
  new InteropError(status.INVALID_ARGUMENT, message, { cause });

export const notFound = (message: string): InteropError => new InteropError(status.NOT_FOUND, message);

export const failedPrecondition = (message: string, cause?: unknown): InteropError =>
  new InteropError(status.FAILED_PRECONDITION, message, { cause });

export const unimplemented = (message: string): InteropError => new InteropError(status.UNIMPLEMENTED, message);

export const resourceExhausted = (message: string): InteropError =>
  new InteropError(status.RESOURCE_EXHAUSTED, message);

export const internal = (message: string, cause?: unknown): InteropError =>
  new InteropError(status.INTERNAL, message, { cause });

export function isInteropError(err: unknown): err is InteropError {
  return err instanceof InteropError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
