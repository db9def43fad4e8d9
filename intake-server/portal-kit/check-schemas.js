// Compiles form schemas with Ajv in strict mode and validates cases against them; used by the
// build's PublishedFormSchemaAjvTest. Input (argv[2]): {"schemas": {name: schema}, "cases":
// [{"schema": name, "values": {...}}]}. Output (stdout): {"compiled": [names], "failing":
// [[field, ...] per case]} or exits 1 with the strict-mode error.
'use strict';
const path = require('path');
const fs = require('fs');
const tools = process.env.ONEGO_NODE_TOOLS || path.join(process.cwd(), 'target', 'node-tools', 'node_modules');
const Ajv2020 = require(path.join(tools, 'ajv', 'dist', '2020'));
const addFormats = require(path.join(tools, 'ajv-formats'));
const { addOneGoForm } = require('./form-formats');

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ajv = addOneGoForm(addFormats(new Ajv2020({ strict: true, strictTypes: true, allErrors: true })));
const compiled = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  try {
    compiled[name] = ajv.compile(schema);
  } catch (e) {
    console.error(name + ': ' + e.message);
    process.exit(1);
  }
}
const failing = (input.cases || []).map(c => {
  const validate = compiled[c.schema];
  if (validate(c.values)) return [];
  const fields = validate.errors.map(e => e.instancePath
    ? e.instancePath.split('/')[1]
    : (e.params.missingProperty || e.params.additionalProperty));
  return [...new Set(fields)].sort();
});
process.stdout.write(JSON.stringify({ compiled: Object.keys(compiled), failing }));
