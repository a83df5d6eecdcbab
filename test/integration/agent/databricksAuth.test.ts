/**
 * Databricks authentication for Model Serving against a local server speaking the protocol: a
 * personal access token, OAuth machine-to-machine (token from /oidc/v1/token with basic auth,
 * cached, refreshed before expiry), ~/.databrickscfg profiles, and refusals that never echo a secret.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { MMMAgent, type MMMError } from "../../../kernel-lib/src";
import { databricksAuth } from "../../../kernel-lib/src/databricks/auth";
import { parseDatabricksCfg } from "../../../kernel-lib/src/databricks/profile";
import { startOpenAiServer, type OpenAiTestServer } from "../../helpers/openaiServer";
import { tempDir, writeText } from "../../helpers/fixtures";
import { allowLocalHttp } from "../../helpers/localHttp";

const CLIENT_ID = "sp-client-id-1234";
const CLIENT_SECRET = "dose-sp-secret-8d7f6e5c4b3a";

/** An /oidc/v1/token endpoint issuing numbered tokens that expire after `ttl` seconds. */
function tokenEndpoint(ttl: number, issued: string[]) {
  return {
    "/oidc/v1/token": (req: { headers: Record<string, string | string[] | undefined> }, body: string) => {
      const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;
      if (req.headers.authorization !== basic || !/grant_type=client_credentials/.test(body) || !/scope=all-apis/.test(body)) return { status: 401, json: { error: "invalid_client" } };
      const token = `oauth-token-${issued.length + 1}-abcdef`;
      issued.push(token);
      return { status: 200, json: { access_token: token, token_type: "Bearer", expires_in: ttl } };
    },
  };
}

describe("Databricks authentication (Model Serving)", function () {
  allowLocalHttp();
  this.timeout(30_000);
  let server: OpenAiTestServer | undefined;
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_CONFIG_FILE"]) delete process.env[k];
  });
  afterEach(async () => {
    process.env = { ...saved };
    await server?.close();
    server = undefined;
  });

  it("OAuth M2M: the agent gets a token from /oidc/v1/token, sends it as bearer, and refreshes it before expiry", async () => {
    const issued: string[] = [];
    server = await startOpenAiServer([{ content: "one" }, { content: "two" }], tokenEndpoint(30, issued));
    process.env.DATABRICKS_HOST = server.url;
    process.env.DATABRICKS_CLIENT_ID = CLIENT_ID;
    process.env.DATABRICKS_CLIENT_SECRET = CLIENT_SECRET;
    // No llm option: credentials in the environment select Databricks Model Serving.
    const agent = new MMMAgent({ config: {} });
    assert.equal(agent.provider, "databricks");
    assert.match(agent.llmLabel, /OAuth/);
    assert.equal((await agent.ask("hi")).reply, "one");
    assert.equal((await agent.ask("again")).reply, "two");
    // 30 s tokens are inside the 60 s refresh margin: a new token for each request.
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      issued.map((t) => `Bearer ${t}`),
    );
    assert.equal(issued.length, 2);
    assert.equal(server.requests[0]!.path, "/serving-endpoints/chat/completions");
  });

  it("a long-lived OAuth token is cached; concurrent callers share one refresh", async () => {
    const issued: string[] = [];
    server = await startOpenAiServer([], tokenEndpoint(3600, issued));
    const auth = databricksAuth({ host: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const tokens = await Promise.all([auth.token(), auth.token(), auth.token()]);
    assert.equal(await auth.token(), tokens[0]);
    assert.deepEqual(new Set(tokens).size, 1);
    assert.equal(issued.length, 1);
  });

  it("a wrong client secret gives a clear message without the secret", async () => {
    server = await startOpenAiServer([], tokenEndpoint(3600, []));
    const auth = databricksAuth({ host: server.url, clientId: CLIENT_ID, clientSecret: "wrong-secret-000000" });
    await assert.rejects(auth.token(), (e: MMMError) => e.code === "LLM_AUTH" && /refused the service principal \(HTTP 401\)/.test(e.message) && !e.message.includes("wrong-secret"));
  });

  it("reads ~/.databrickscfg profiles (DATABRICKS_CONFIG_PROFILE), and says which profiles exist when one is missing", async () => {
    server = await startOpenAiServer([{ content: "from profile" }]);
    const cfg = writeText(tempDir(), ".databrickscfg", `[DEFAULT]\nhost = https://default.example.com\ntoken = dapi-default-0000000000\n\n[dev]\nhost = ${server.url}\ntoken = dapi-dev-1111111111\n`);
    process.env.DATABRICKS_CONFIG_FILE = cfg;
    process.env.DATABRICKS_CONFIG_PROFILE = "dev";
    const agent = new MMMAgent();
    assert.equal((await agent.ask("hello")).reply, "from profile");
    assert.equal(server.requests[0]!.headers.authorization, "Bearer dapi-dev-1111111111");
    assert.throws(() => databricksAuth({ profile: "prod" }), /profile 'prod' is not in .*Profiles there: DEFAULT, dev/);
    assert.deepEqual(Object.keys(parseDatabricksCfg("# c\n[a]\nhost=x\n[b]\ntoken : y\n")), ["a", "b"]);
    assert.equal(path.basename(cfg), ".databrickscfg");
  });

  it("no credentials at all: the offline planner, and an explicit Databricks request says what to set", () => {
    process.env.DATABRICKS_CONFIG_FILE = path.join(tempDir(), "none");
    assert.equal(new MMMAgent().provider, "offline");
    assert.throws(() => new MMMAgent({ llm: { provider: "databricks", host: "https://x.example.com" } }), /No Databricks credentials .*DATABRICKS_TOKEN/);
  });
});
