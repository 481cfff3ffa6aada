import assert from "node:assert/strict";
import { test } from "node:test";
import * as pb from "../gen/mls_client.js";
import { snakeCase, toGoJson } from "./go-json.js";

test("requests read like Go's encoding/json of the generated structs", () => {
  const request = pb.CommitRequest.fromPartial({
    stateId: 7,
    byReference: [Buffer.from("p1"), Buffer.alloc(0)],
    byValue: [
      { proposalType: Buffer.from("resumptionPSK"), epochId: 3n },
      {
        proposalType: Buffer.from("groupContextExtensions"),
        extensions: [{ extensionType: 3, extensionData: Buffer.alloc(0) }],
      },
    ],
    forcePath: true,
    externalTree: false,
  });
  assert.equal(
    JSON.stringify(toGoJson(request)),
    JSON.stringify({
      state_id: 7,
      by_reference: ["cDE=", ""],
      by_value: [
        { proposal_type: "cmVzdW1wdGlvblBTSw==", epoch_id: 3 },
        { proposal_type: "Z3JvdXBDb250ZXh0RXh0ZW5zaW9ucw==", extensions: [{ extension_type: 3 }] },
      ],
      force_path: true,
    }),
  );
});

test("zero values are left out, a set sub-message stays even when empty", () => {
  assert.deepEqual(toGoJson(pb.JoinGroupRequest.fromPartial({})), {});
  assert.deepEqual(toGoJson(pb.StorePSKResponse.fromPartial({})), {});
  const withEmptyDescription = pb.ExternalSignerProposalRequest.fromPartial({ signerId: 2, description: {} });
  assert.deepEqual(toGoJson(withEmptyDescription), { signer_id: 2, description: {} });
  assert.deepEqual(toGoJson(pb.ExternalSignerProposalRequest.fromPartial({ signerId: 2 })), { signer_id: 2 });
});

test("field names go back to the proto's snake_case", () => {
  assert.equal(snakeCase("stateOrTransactionId"), "state_or_transaction_id");
  assert.equal(snakeCase("pskId"), "psk_id");
  assert.equal(snakeCase("name"), "name");
});

test("uint64 is a JSON number, bytes are standard base64 with padding", () => {
  const request = pb.ResumptionPSKProposalRequest.fromPartial({ stateId: 1, epochId: 2n ** 40n });
  assert.equal(JSON.stringify(toGoJson(request)), '{"state_id":1,"epoch_id":1099511627776}');
  assert.deepEqual(toGoJson(pb.ProtectResponse.fromPartial({ ciphertext: Buffer.from([0xfb, 0xff]) })), {
    ciphertext: "+/8=",
  });
});
