// Maps what ts-mls throws onto the status table of semantics.md. Library
// calls are wrapped here so no handler has to classify a library error.
import {
  CodecError,
  CryptoError,
  CryptoVerificationError,
  DependencyError,
  MlsError,
  UsageError,
  ValidationError,
} from "ts-mls";
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
  if (foreignInput) return invalidArgument(`${what}: ${plainCause(err) ?? reason}`, err);
  return internal(`${what}: ${err instanceof MlsError ? reason : `unexpected ${reason}`}`, err);
}

/**
 * What a JavaScript, WebCrypto or HPKE error thrown over foreign input means,
 * in words a person can act on; the raw text stays on the error's cause,
 * which the server logs at debug level. ts-mls's CryptoError carries the
 * HPKE error as "OpenError: ..." text. Undefined: ts-mls's own words.
 */
function plainCause(err: unknown): string | undefined {
  let name = err instanceof Error || err instanceof DOMException ? err.name : "error";
  if (err instanceof CryptoError) name = /^(\w+Error):/.exec(err.message)?.[1] ?? name;
  else if (err instanceof MlsError) return undefined;
  switch (name) {
    case "OperationError":
    case "OpenError":
    case "DecapError":
      return "decryption or verification failed: the data was not made for these keys, or was altered";
    case "DataError":
    case "DeserializeError":
      return "a key or value in it has the wrong format for the ciphersuite";
    case "TypeError":
    case "RangeError":
      return "it is malformed: ts-mls met a missing or out-of-range field reading it";
    case "CryptoError":
      return undefined;
    default:
      return `ts-mls rejected it (${name})`;
  }
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
