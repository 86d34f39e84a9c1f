// TokenIssuer, revocation and passwords in Node, through the installed
// package: the full entry, and the edge entry (no passwords there).
import { test } from "node:test";
import * as jose from "jose";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import { issuerCases } from "./suites/issuer.mjs";

for (const { name, run } of issuerCases(full, jose)) test(`node: ${name}`, run);
for (const { name, run } of issuerCases(edge, jose)) test(`node edge: ${name}`, run);
