// What a command's main() writes to stdout and stderr, taken instead of
// printed, for tests that call it in process.
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const taken = { stdout: "", stderr: "" };
  const take = (stream: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      taken[stream] += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = take("stdout");
  process.stderr.write = take("stderr");
  try {
    return { value: await run(), ...taken };
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
}
