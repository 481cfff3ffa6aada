// The client side of gRPC server reflection (grpc.reflection.v1), the way
// grpcurl uses it, so tests can check what `grpcurl list` and `describe`
// would show without grpcurl. Messages are decoded by field number: the few
// fields read here are all a test needs.
import { Client, credentials } from "@grpc/grpc-js";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

const infoPath = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";

type Field = { no: number; bytes?: Uint8Array; varint?: number };

function fields(bytes: Uint8Array): Field[] {
  const reader = new BinaryReader(bytes);
  const out: Field[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (wireType === WireType.LengthDelimited) out.push({ no, bytes: reader.bytes() });
    else if (wireType === WireType.Varint) out.push({ no, varint: reader.int32() });
    else reader.skip(wireType, no);
  }
  return out;
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString("utf8");

/** One ServerReflectionRequest whose oneof field `no` is `value`; returns the response's fields. */
function ask(address: string, no: number, value: string): Promise<Field[]> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<Field[]>((resolve, reject) => {
    const call = client.makeBidiStreamRequest(
      infoPath,
      (request: string) => Buffer.from(new BinaryWriter().tag(no, WireType.LengthDelimited).string(request).finish()),
      (response: Buffer) => fields(response),
      { deadline: Date.now() + 10_000 },
    );
    call.on("data", (response: Field[]) => {
      const error = response.find((f) => f.no === 7);
      if (error !== undefined)
        reject(new Error(`reflection error: ${text(fields(error.bytes!).find((f) => f.no === 2)?.bytes)}`));
      else resolve(response);
      call.cancel();
    });
    call.on("error", reject);
    call.write(value);
    call.end();
  }).finally(() => client.close());
}

/** What `grpcurl list` prints: the fully qualified service names. */
export async function listServices(address: string): Promise<string[]> {
  const response = await ask(address, 7, "*");
  const list = response.find((f) => f.no === 6);
  return fields(list?.bytes ?? new Uint8Array()).map((service) =>
    text(fields(service.bytes!).find((f) => f.no === 1)?.bytes),
  );
}

/** The names of the .proto files whose descriptors the server returns for `symbol` (as for `grpcurl describe`). */
export async function filesContainingSymbol(address: string, symbol: string): Promise<string[]> {
  const response = await ask(address, 4, symbol);
  const files = response.find((f) => f.no === 4);
  return fields(files?.bytes ?? new Uint8Array()).map((file) =>
    text(fields(file.bytes!).find((f) => f.no === 1)?.bytes),
  );
}
