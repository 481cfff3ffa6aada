// Maps what ts-mls throws onto the status table of semantics.md. Library
// calls are wrapped here so no handler has to classify a library error.
import { CodecError, CryptoVerificationError, DependencyError, MlsError, UsageError, ValidationError } from "ts-mls";
import {
  errorMessage,
  failedPrecondition,
  internal,
  invalidArgument,
  isInteropError,
  type InteropError,
} from "../errors.js";

function classify(what: string, err: unknown, foreignInput: boolean): InteropError {
  if (isInteropError(err)) return err;
  const reason = errorMessage(err);
  if (err instanceof UsageError) return failedPrecondition(`${what}: ${reason}`, err);
  if (
    err instanceof ValidationError ||
    err instanceof CryptoVerificationError ||
    err instanceof CodecError ||
    err instanceof DependencyError
  )
    return invalidArgument(`${what}: ${reason}`, err);
  // ts-mls reports malformed peer data through any error type (InternalError,
  // TypeError from a missing field, WebCrypto's DataError on a bad key), so on
  // foreign input the input is to blame; on our own data it is a bug.
  if (foreignInput) return invalidArgument(`${what}: ${reason}`, err);
  return internal(`${what}: ${err instanceof MlsError ? reason : `unexpected ${reason}`}`, err);
}

/** A library call over data this server produced itself: unknown failures are INTERNAL. */
export async function library<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classify(what, err, false);
  }
}

/** A library call that processes bytes or keys from the request: failures are the input's. */
export async function libraryOnInput<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classify(what, err, true);
  }
}
