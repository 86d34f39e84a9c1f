// Scopes, principals and the Authenticator in Node, through the installed package.
import { test } from "node:test";
import * as ea from "edgeauth";
import { authzCases } from "./suites/authz.mjs";

for (const { name, run } of authzCases(ea)) test(`node: ${name}`, run);
