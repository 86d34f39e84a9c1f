// The delegation suite in Node, importing the package by name (ESM entry).
import { test } from "node:test";
import * as ea from "edgeauth";
import { delegationCases } from "./suites/delegation.mjs";

for (const { name, run } of delegationCases(ea)) test(`node-esm: ${name}`, run);
