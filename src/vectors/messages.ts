// messages.json: every field decodes as its structure and re-encodes to the same bytes.
import { errorMessage } from "../errors.js";
import { messageStructures, reencode } from "./adapters/codecs.js";
import { defineSuite } from "./vector-suite.js";

type MessagesCase = Array<[field: string, bytes: Uint8Array]>;

export const messages = defineSuite<MessagesCase>({
  name: "messages",
  fields: ["mls_welcome", "mls_group_info", "mls_key_package", "group_secrets"],
  parse: (f) => {
    const fields = Object.keys(messageStructures).filter((name) => f.has(name));
    if (fields.length === 0)
      throw f.fail(Object.keys(messageStructures)[0] ?? "", "missing (the case has none of the message fields)");
    return fields.map((name) => [name, f.hex(name)]);
  },
  async verify(c, check) {
    for (const [field, bytes] of c) {
      let again: Uint8Array | undefined;
      try {
        again = reencode(field, bytes);
      } catch (err) {
        check.value(`${field}: decodes`, "yes", `no (${errorMessage(err)})`);
        continue;
      }
      check.bytes(`${field}: re-encoding`, bytes, again);
    }
  },
});
