// DPoP keys, proofs, verifyDpopProof and the Authenticator's DPoP checks in
// Node, through the installed package (the same cases run in workerd).
import { test } from "node:test";
import * as jose from "jose";
import * as ea from "edgeauth";
import { dpopCases } from "./suites/dpop.mjs";

for (const { name, run } of dpopCases(ea, jose)) test(`node: ${name}`, run);
