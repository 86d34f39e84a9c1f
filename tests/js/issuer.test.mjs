// TokenIssuer, revocation and passwords in Node, through the installed package.
import { test } from "node:test";
import * as jose from "jose";
import * as ea from "edgeauth";
import { issuerCases } from "./suites/issuer.mjs";

for (const { name, run } of issuerCases(ea, jose)) test(`node: ${name}`, run);
