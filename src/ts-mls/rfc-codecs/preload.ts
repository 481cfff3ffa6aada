// `node --import .../preload.js`: registers the module hook before the entry
// script loads ts-mls. npm test runs every test file this way, and the
// vector worker threads of a process that registered it too. Tests under
// src/known-issues/ (and their workers) are left with ts-mls as released:
// they reproduce the library's own defects.
import { sep } from "node:path";
import { registerRfcCodecs } from "./register.js";

const entry = process.argv[1] ?? "";
if (!entry.includes(`${sep}known-issues${sep}`)) registerRfcCodecs();
