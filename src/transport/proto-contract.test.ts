// Our proto must be wire-identical to the working group's: every method,
// message, field number, name, type and label of ../shared/spec/interface.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { loadSync } from "@grpc/proto-loader";
import { repoRoot, sharedDir, sharedMissing } from "../testing/paths.js";

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

const definition = loadSync(resolve(repoRoot, "proto/mls_client.proto"), { keepCase: true });
const ours = new Map<string, FieldDescriptor[]>();
for (const [name, value] of Object.entries(definition)) {
  if (name.startsWith("mls_client.") && "type" in value && "field" in (value.type as object))
    ours.set(name.slice("mls_client.".length), (value.type as { field: FieldDescriptor[] }).field);
}
const service = definition["mls_client.MLSClient"] as unknown as Record<
  string,
  {
    requestType: { type: { name: string } };
    responseType: { type: { name: string } };
    requestStream: boolean;
    responseStream: boolean;
  }
>;

const scalarTypes: Record<string, string> = {
  bytes: "TYPE_BYTES",
  bool: "TYPE_BOOL",
  string: "TYPE_STRING",
  uint32: "TYPE_UINT32",
  uint64: "TYPE_UINT64",
};

function describeOurs(field: FieldDescriptor): string {
  const type = field.type === "TYPE_MESSAGE" ? field.typeName.split(".").pop()! : field.type;
  return `${field.number}:${field.name}:${type}:${field.label === "LABEL_REPEATED" ? "repeated" : "single"}`;
}

/** "1: group_id (bytes); 6: psks (repeated PreSharedKey)" in the spec's notation. */
function describeSpec(fields: string): string[] {
  if (fields.trim() === "(no fields)") return [];
  return fields.split(";").map((entry) => {
    const match = /^\s*(\d+):\s*(\w+)\s*\((repeated\s+)?(\w+)\)\s*$/.exec(entry);
    assert.ok(match, `cannot read spec field '${entry}'`);
    const [, number, name, repeated, type] = match;
    return `${number}:${name}:${scalarTypes[type!] ?? type}:${repeated ? "repeated" : "single"}`;
  });
}

function specTable(markdown: string, heading: string): string[][] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `interface.md has no section '${heading}'`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[-\s|]+\|$/.test(line))
    .slice(1)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const missing = sharedMissing("spec/interface.md");

test("every message of interface.md has exactly its fields", { skip: missing }, () => {
  const spec = readFileSync(resolve(sharedDir, "spec/interface.md"), "utf8");
  const rows = specTable(spec, "Messages");
  assert.equal(rows.length, 56, "interface.md lists 56 messages");
  for (const [message, fields] of rows) {
    const ourFields = ours.get(message!);
    assert.ok(ourFields, `our proto lacks message ${message}`);
    assert.deepEqual(ourFields.map(describeOurs).sort(), describeSpec(fields!).sort(), `fields of ${message}`);
  }
  assert.equal(ours.size, rows.length, "our proto defines messages the spec does not list");
});

test("every method of interface.md has its request and response types", { skip: missing }, () => {
  const spec = readFileSync(resolve(sharedDir, "spec/interface.md"), "utf8");
  const rows = specTable(spec, "Methods");
  assert.equal(rows.length, 34, "interface.md lists 34 methods");
  for (const [, method, request, response] of rows) {
    const ours = service[method!];
    assert.ok(ours, `our service lacks ${method}`);
    assert.equal(ours.requestType.type.name, request, `request type of ${method}`);
    assert.equal(ours.responseType.type.name, response, `response type of ${method}`);
    assert.equal(ours.requestStream || ours.responseStream, false, `${method} must be unary`);
  }
  assert.equal(Object.keys(service).length, rows.length, "our service has methods the spec does not list");
});

test("package, service name and go_package match upstream", () => {
  const proto = readFileSync(resolve(repoRoot, "proto/mls_client.proto"), "utf8");
  assert.match(proto, /^package mls_client;$/m);
  assert.match(proto, /^service MLSClient \{$/m);
  assert.match(proto, /^syntax = "proto3";$/m);
  assert.match(proto, /option go_package = "github\.com\/mlswg\/mls-implementations\/interop\/proto";/);
});
