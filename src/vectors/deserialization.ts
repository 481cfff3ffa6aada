// deserialization.json: variable-length integer headers and the lengths they announce.
import { readLengthHeader } from "./adapters/codecs.js";
import { defineSuite } from "./vector-suite.js";

interface DeserializationCase {
  header: Uint8Array;
  length: number;
}

export const deserialization = defineSuite<DeserializationCase>({
  name: "deserialization",
  fields: ["vlbytes_header", "length"],
  parse: (f) => {
    const header = f.hex("vlbytes_header");
    if (header.length === 0) throw f.fail("vlbytes_header", "is empty");
    return { header, length: f.uint("length", 0xffff_ffff) };
  },
  async verify(c, check) {
    const read = readLengthHeader(c.header);
    check.value("length", c.length, read.length);
    check.value("header size in bytes", c.header.length, read.headerSize);
  },
});
