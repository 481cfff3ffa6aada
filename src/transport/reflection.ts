// gRPC server reflection, so `grpcurl -plaintext HOST:PORT list` and
// `describe` work without a copy of the .proto. Descriptors come from
// proto/mls_client.proto, which ships in the npm package and the image.
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import { loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { protoPath as healthProtoPath } from "grpc-health-check";

/** proto/ of the package: compiled modules live in dist/src/transport/. */
export const protoDir = fileURLToPath(new URL("../../../proto/", import.meta.url));

let definition: PackageDefinition | undefined;

function packageDefinition(): PackageDefinition {
  // Parsed once per process: tests start many servers in one.
  // Relative names through includeDirs, so clients see "mls_client.proto"
  // and "health/v1/health.proto" rather than paths of this machine.
  definition ??= loadSync(["mls_client.proto", "health/v1/health.proto"], {
    includeDirs: [protoDir, dirname(dirname(dirname(healthProtoPath)))],
  });
  return definition;
}

export function createReflection(): ReflectionService {
  return new ReflectionService(packageDefinition());
}
