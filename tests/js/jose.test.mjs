// The JOSE suite in Node, importing the package by name (ESM entry).
import { test } from "node:test";
import * as jose from "jose";
import * as ea from "edgeauth";
import { joseCases } from "./suites/jose.mjs";

for (const { name, run } of joseCases(ea, jose)) test(`node-esm: ${name}`, run);
