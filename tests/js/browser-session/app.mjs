// What the BrowserSession tests run against, on 127.0.0.1 with random ports:
// the test provider (tests/provider, oidc-provider) with one public PKCE
// client, and this directory's page served with the installed package
// (demo/static.mjs).
import { fileURLToPath } from "node:url";
import { startStatic } from "../../../demo/static.mjs";
import { startProvider } from "../../provider/provider.mjs";

const PAGE = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
export const CLIENT_ID = "session-test";

/** Start the provider (access tokens living `accessTokenTtl` seconds) and the page. */
export async function startSessionApp({ accessTokenTtl = 300 } = {}) {
  const config = {};
  const www = await startStatic({ root: PAGE, config: () => config });
  try {
    const op = await startProvider({
      accessTokenTtl,
      clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: "none", redirect_uris: [`${www.url}/`], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] }],
    });
    Object.assign(config, { issuer: op.issuer, clientId: CLIENT_ID, redirectUri: `${www.url}/` });
    return {
      www: www.url,
      issuer: op.issuer,
      op,
      close: async () => {
        await op.close();
        await www.close();
      },
    };
  } catch (e) {
    await www.close();
    throw e;
  }
}
