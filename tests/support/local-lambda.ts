import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Context } from "aws-lambda";
import { lambdaContext } from "./lambda.js";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalLambda {
  /** What to set LAMBDA_ENDPOINT to. */
  endpoint: string;
  /** Every invocation request received, in order: function name, invocation type, parsed payload. */
  invocations: Array<{ functionName: string; type: string; payload: unknown }>;
  /** The next `n` invocations are refused (404 ResourceNotFoundException, which the SDK does not retry). */
  refuseNext(n: number): void;
  /** Resolves once every accepted asynchronous invocation has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * AWS Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`) on 127.0.0.1, running the given
 * handlers in this process: what stands in for AWS itself when a test exercises a function that invokes
 * another through the real SDK. `Event` invocations are answered 202 at once and run afterwards, as Lambda
 * queues them; each gets a context with `timeoutSeconds` to run.
 */
export async function startLocalLambda(handlers: Record<string, Handler>, timeoutSeconds = 90): Promise<LocalLambda> {
  const invocations: LocalLambda["invocations"] = [];
  const running = new Set<Promise<unknown>>();
  let refusals = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split("?")[0] ?? "");
      const functionName = match ? decodeURIComponent(match[1]!) : "";
      const type = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") as unknown;
      invocations.push({ functionName, type, payload });
      const handler = handlers[functionName];
      if (req.method !== "POST" || !handler || refusals > 0) {
        if (refusals > 0) refusals--;
        res.writeHead(404, { "Content-Type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" });
        return void res.end(JSON.stringify({ Type: "User", message: `Function not found: ${functionName}` }));
      }
      if (type === "Event") {
        const run = handler(payload, lambdaContext(functionName, timeoutSeconds)).catch(() => undefined);
        running.add(run);
        void run.finally(() => running.delete(run));
        return void res.writeHead(202).end();
      }
      void handler(payload, lambdaContext(functionName, timeoutSeconds)).then(
        (result) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(result ?? null)),
        (error: Error) => res.writeHead(200, { "x-amz-function-error": "Unhandled" }).end(JSON.stringify({ errorMessage: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    refuseNext: (n) => {
      refusals = n;
    },
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
