// A promise-based MLSClient client for tests and benchmarks.
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { MLSClientClient, MLSClientService } from "../gen/mls_client.js";

type Service = typeof MLSClientService;
export type MethodKey = keyof Service;
export type RequestOf<K extends MethodKey> = Parameters<Service[K]["requestSerialize"]>[0];
export type ResponseOf<K extends MethodKey> = ReturnType<Service[K]["responseDeserialize"]>;

export interface Client {
  call<K extends MethodKey>(method: K, request: Partial<RequestOf<K>>): Promise<ResponseOf<K>>;
  close(): void;
}

export function connect(address: string, deadlineMs = 60_000): Client {
  const client = new MLSClientClient(address, credentials.createInsecure());
  return {
    call(method, request) {
      const full = (MLSClientService[method] as { requestDeserialize: (b: Buffer) => unknown }).requestDeserialize(
        Buffer.alloc(0),
      );
      const message = { ...(full as object), ...request };
      return new Promise((resolve, reject) => {
        type Unary = (req: unknown, options: object, done: (err: ServiceError | null, res: unknown) => void) => void;
        const fn = (client as unknown as Record<string, Unary>)[method]!.bind(client);
        fn(message, { deadline: Date.now() + deadlineMs }, (err: ServiceError | null, res: unknown) =>
          err ? reject(err) : resolve(res as never),
        );
      });
    },
    close: () => client.close(),
  };
}
