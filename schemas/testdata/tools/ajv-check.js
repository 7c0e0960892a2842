// Compiles JSON Schemas with ajv (draft 2020-12, strict mode, with
// ajv-formats for "format") and validates documents against them, for
// schemas/tools_test.go. Reads from stdin
//   {"schemas": {"KIND": schema, ...}, "documents": [{"name", "kind", "data"}, ...]}
// and writes to stdout
//   {"schemas": {"KIND": "" or the compile error}, "documents": [{"name", "valid", "errors"}]}.
// A warning ajv logs while compiling counts as a compile error.
"use strict";
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const out = { schemas: {}, documents: [] };
  const validators = {};
  for (const [kind, schema] of Object.entries(req.schemas)) {
    const warnings = [];
    const logger = { log() {}, warn(...a) { warnings.push(a.join(" ")); }, error(...a) { warnings.push(a.join(" ")); } };
    const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
    addFormats(ajv);
    try {
      validators[kind] = ajv.compile(schema);
      out.schemas[kind] = warnings.join("\n");
    } catch (e) {
      out.schemas[kind] = [e.message, ...warnings].join("\n");
    }
  }
  for (const doc of req.documents || []) {
    const v = validators[doc.kind];
    if (!v) {
      out.documents.push({ name: doc.name, valid: false, errors: ["no compiled schema for kind " + doc.kind] });
      continue;
    }
    const valid = v(doc.data);
    out.documents.push({
      name: doc.name,
      valid,
      errors: (v.errors || []).map((e) => `${e.instancePath || "/"}: ${e.message} (${e.schemaPath})`),
    });
  }
  process.stdout.write(JSON.stringify(out));
});
