// The Authenticator as an RFC 9728 protected resource, in Node, through the installed package.
import { test } from "node:test";
import * as ea from "edgeauth";
import { resourceCases } from "./suites/resource.mjs";

for (const { name, run } of resourceCases(ea)) test(`node: ${name}`, run);
