// The gRPC floor: Name on a bare grpc-js server (bare-server.ts) against Name
// on ours, both child processes on loopback, timed by the same client.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connect, type Client } from "../src/testing/client.js";
import { median, round, sample } from "./measure.js";
import type { ServerDriver } from "./server-driver.js";

export interface GrpcFloor {
  /** Median round trip of a no-op RPC on a bare grpc-js server. */
  bareMs: number;
  /** Median round trip of Name on our server (no MLS work, one log line). */
  oursMs: number;
}

async function timeName(client: Client, rounds: number, warmup: number): Promise<number> {
  const samples = await sample(
    rounds,
    warmup,
    async () => undefined,
    () => client.call("name", {}),
  );
  return median(samples.wall);
}

export async function measureGrpcFloor(ours: ServerDriver, rounds: number, warmup: number): Promise<GrpcFloor> {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./bare-server.js", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding("utf8");
      child.stdout.once("data", (chunk: string) => resolve(chunk.trim()));
      child.once("exit", (code) => reject(new Error(`bench: bare gRPC server exited with ${code}`)));
    });
    const bare = connect(`127.0.0.1:${port}`);
    try {
      // Interleaved, so that drift of the machine's load hits both alike.
      const bareTimes: number[] = [];
      const ourTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        bareTimes.push(await timeName(bare, rounds, warmup));
        ourTimes.push(await timeName(ours.client, rounds, warmup));
      }
      return { bareMs: round(median(bareTimes), 3), oursMs: round(median(ourTimes), 3) };
    } finally {
      bare.close();
    }
  } finally {
    child.kill("SIGTERM");
  }
}
