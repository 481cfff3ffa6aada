// grpc.health.v1 on our server, so Docker HEALTHCHECK, Kubernetes gRPC probes,
// grpc_health_probe and `mls-interop health` can tell when it is ready and
// when it is going away. Both "" (the server as a whole) and the MLSClient
// service answer; they change together, as the server hosts nothing else.
import type { Server } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { mlsServiceName } from "./health-client.js";

export interface Health {
  addToServer(server: Server): void;
  setServing(serving: boolean): void;
}

export function createHealth(): Health {
  const names = ["", mlsServiceName];
  // NOT_SERVING until the port is bound: nothing could ask before, but a
  // Watch started by a restarted server's client sees the transition.
  const implementation = new HealthImplementation(Object.fromEntries(names.map((n) => [n, "NOT_SERVING"])));
  return {
    addToServer: (server) => implementation.addToServer(server),
    setServing: (serving) => names.forEach((n) => implementation.setStatus(n, serving ? "SERVING" : "NOT_SERVING")),
  };
}
