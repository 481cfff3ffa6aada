// A grpc.health.v1 Check client for `mls-interop health` and the tests. The
// two messages have one field each, so they are encoded by hand: loading the
// .proto at run time would double the start-up of a probe that Docker runs
// every few seconds.
import { Client, Metadata, credentials, type ServiceError } from "@grpc/grpc-js";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { MLSClientService } from "../gen/mls_client.js";

/** The name the MLSClient service is registered under, as health checks and reflection see it. */
export const mlsServiceName = MLSClientService.name.path.split("/")[1] ?? "mls_client.MLSClient";

/** HealthCheckResponse.ServingStatus, by enum value. */
export const servingStatuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;
export type ServingStatus = (typeof servingStatuses)[number];

export const healthPaths = { check: "/grpc.health.v1.Health/Check", watch: "/grpc.health.v1.Health/Watch" };

export function encodeHealthRequest(service: string): Buffer {
  const writer = new BinaryWriter();
  if (service !== "") writer.tag(1, WireType.LengthDelimited).string(service);
  return Buffer.from(writer.finish());
}

export function decodeHealthResponse(bytes: Buffer): ServingStatus {
  const reader = new BinaryReader(bytes);
  let value = 0;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.Varint) value = reader.int32();
    else reader.skip(wireType, field);
  }
  return servingStatuses[value] ?? "UNKNOWN";
}

/**
 * Asks `address` for the serving status of `service` ("" is the server as a
 * whole). Rejects with the gRPC error when the server cannot be reached in
 * time or does not know the service (NOT_FOUND).
 */
export function checkHealth(address: string, service = "", timeoutMs = 3000): Promise<ServingStatus> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<ServingStatus>((resolve, reject) => {
    client.makeUnaryRequest(
      healthPaths.check,
      encodeHealthRequest,
      decodeHealthResponse,
      service,
      new Metadata(),
      { deadline: Date.now() + timeoutMs },
      (err: ServiceError | null, status?: ServingStatus) => (err ? reject(err) : resolve(status ?? "UNKNOWN")),
    );
  }).finally(() => client.close());
}
