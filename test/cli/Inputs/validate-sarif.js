// Validates a SARIF log against the SARIF 2.1.0 JSON schema (rtm.5, as
// shipped by @microsoft/jest-sarif), with Ajv. Usage: node validate-sarif.js
// <file.sarif>. Prints "valid" or the errors (and exits 1).
"use strict";
const fs = require("fs");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const log = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
if (validate(log)) {
  console.log("valid");
} else {
  console.log(JSON.stringify(validate.errors, null, 2));
  process.exit(1);
}
