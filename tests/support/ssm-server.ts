// A tiny local stand-in for AWS Systems Manager's Parameter Store: it speaks the SSM JSON protocol
// (POST /, `X-Amz-Target: AmazonSSM.GetParameters` or `.GetParameter`, awsJson1_1) on 127.0.0.1, so the
// real SDK client builds, signs, sends and parses every request. Only AWS itself is replaced.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredParameter {
  type: "String" | "SecureString" | "StringList";
  value: string;
}

export interface SsmRequest {
  target: string;
  body: { Names?: string[]; Name?: string; WithDecryption?: boolean };
  signed: boolean;
}

export interface FakeSsm {
  /** `http://127.0.0.1:<port>`: give it to the code under test as SSM_ENDPOINT. */
  endpoint: string;
  parameters: Map<string, StoredParameter>;
  requests: SsmRequest[];
  /** When set, every request fails with this AWS error (status, `__type`). */
  failure: { status: number; type: string; message: string } | undefined;
  close(): Promise<void>;
}

/** What SSM returns for a SecureString read without decryption: the ciphertext, never the value. */
const ciphertextOf = (value: string) => `AQICAHh${Buffer.from(value).toString("base64").replace(/[A-Za-z]/g, "x")}`;

export async function startFakeSsm(): Promise<FakeSsm> {
  const state: Omit<FakeSsm, "endpoint" | "close"> = { parameters: new Map(), requests: [], failure: undefined };

  const describe = (name: string, decrypt: boolean) => {
    const stored = state.parameters.get(name);
    if (!stored) return undefined;
    return {
      Name: name,
      Type: stored.type,
      Value: stored.type === "SecureString" && !decrypt ? ciphertextOf(stored.value) : stored.value,
      Version: 1,
      DataType: "text",
      ARN: `arn:aws:ssm:eu-west-1:123456789012:parameter${name}`,
    };
  };

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "local" });
    response.end(JSON.stringify(body));
  };

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const target = String(request.headers["x-amz-target"] ?? "");
    const body = JSON.parse(raw || "{}") as SsmRequest["body"];
    state.requests.push({ target, body, signed: String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ") });
    if (request.method !== "POST" || request.headers["content-type"] !== "application/x-amz-json-1.1") {
      return answer(response, 400, { __type: "SerializationException", message: "not an awsJson1_1 request" });
    }
    if (state.failure) return answer(response, state.failure.status, { __type: state.failure.type, message: state.failure.message });
    const decrypt = body.WithDecryption === true;
    if (target === "AmazonSSM.GetParameters") {
      const names = body.Names ?? [];
      const found = names.map((name) => describe(name, decrypt));
      return answer(response, 200, {
        Parameters: found.filter((p) => p !== undefined),
        InvalidParameters: names.filter((_, index) => found[index] === undefined),
      });
    }
    if (target === "AmazonSSM.GetParameter") {
      const parameter = describe(body.Name ?? "", decrypt);
      if (!parameter) return answer(response, 400, { __type: "ParameterNotFound", message: "" });
      return answer(response, 200, { Parameter: parameter });
    }
    return answer(response, 400, { __type: "InvalidAction", message: `unknown target ${target}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}
