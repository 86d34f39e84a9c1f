// The JOSE suite in Node, importing the package by name (ESM): the full
// entry and the edge entry (its own wasm module, built at opt-level 3).
import { test } from "node:test";
import * as jose from "jose";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import { joseCases } from "./suites/jose.mjs";

for (const { name, run } of joseCases(full, jose)) test(`node-esm: ${name}`, run);
for (const { name, run } of joseCases(edge, jose)) test(`node-esm edge: ${name}`, run);
