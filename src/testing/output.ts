// What a command's main() writes to stdout and stderr, taken instead of
// printed, for tests that call it in process.

async function capture<T>(
  run: () => Promise<T>,
  streams: ReadonlyArray<"stdout" | "stderr">,
): Promise<{ value: T; stdout: string; stderr: string }> {
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const taken = { stdout: "", stderr: "" };
  for (const stream of streams)
    process[stream].write = ((chunk: string | Uint8Array) => {
      taken[stream] += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
  try {
    return { value: await run(), ...taken };
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
}

export function captureOutput<T>(run: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  return capture(run, ["stdout", "stderr"]);
}

/**
 * stderr only: node's test runner reports finished tests on stdout, and what
 * it writes while a long command runs would be taken and lost.
 */
export function captureStderr<T>(run: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  return capture(run, ["stderr"]);
}
