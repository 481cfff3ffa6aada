// transcript-hashes.json: confirmed and interim transcript hashes after a
// commit, and its confirmation tag (RFC 9420 §8.2).
import { transcriptStep } from "./adapters/transcript.js";
import { definePerSuite } from "./suites.js";

interface TranscriptCase {
  confirmationKey: Uint8Array;
  authenticatedContent: Uint8Array;
  interimBefore: Uint8Array;
  confirmedAfter: Uint8Array;
  interimAfter: Uint8Array;
}

export const transcriptHashes = definePerSuite<TranscriptCase>({
  name: "transcript-hashes",
  fields: [
    "confirmation_key",
    "authenticated_content",
    "interim_transcript_hash_before",
    "confirmed_transcript_hash_after",
    "interim_transcript_hash_after",
  ],
  parse: (f) => ({
    confirmationKey: f.hex("confirmation_key"),
    authenticatedContent: f.hex("authenticated_content"),
    interimBefore: f.hex("interim_transcript_hash_before"),
    confirmedAfter: f.hex("confirmed_transcript_hash_after"),
    interimAfter: f.hex("interim_transcript_hash_after"),
  }),
  async verify(c, cs, check) {
    const step = await transcriptStep(cs, c.authenticatedContent, c.interimBefore, c.confirmationKey);
    check.bytes("confirmed_transcript_hash_after", c.confirmedAfter, step.confirmedTranscriptHash);
    check.bytes("interim_transcript_hash_after", c.interimAfter, step.interimTranscriptHash);
    check.holds("confirmation_tag verifies with confirmation_key", step.confirmationTagValid);
  },
});
