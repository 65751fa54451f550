import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { backoffMs } from "../../lib/webhooks/dispatcher.js";
import { postWebhook } from "../../lib/webhooks/post-webhook.js";
import { generateWebhookSecret, signatureHeaders } from "../../lib/webhooks/signing.js";

const servers: Server[] = [];
async function serve(handle: Parameters<typeof createServer>[1]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    handle!(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits: () => hits };
}
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const local = { allowLoopback: true, timeoutMs: 2_000 };

test("signatures are Standard Webhooks': the reference implementation signs the same and verifies ours", () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: "booking.created", timestamp: "2031-01-06T09:00:00Z", data: { booking: { id: "bk_1" } } });
  const seconds = Math.floor(Date.now() / 1000);
  const headers = signatureHeaders(secret, "msg_1", seconds, body);
  const reference = new Webhook(secret);
  expect(headers["webhook-signature"]).toBe(reference.sign("msg_1", new Date(seconds * 1000), body));
  expect(reference.verify(body, headers)).toEqual(JSON.parse(body));
  expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
});

test("backoff doubles from one minute", () => {
  expect([1, 2, 3, 4, 11].map(backoffMs)).toEqual([1, 2, 4, 8, 1024].map((m) => m * 60_000));
});

test("a 2xx is delivered; a redirect is a failure and is not followed", async () => {
  const target = await serve((_request, response) => response.writeHead(200).end("ok"));
  expect(await postWebhook(target.url, "{}", {}, local)).toEqual({ ok: true, status: 200 });
  const redirect = await serve((_request, response) => response.writeHead(302, { location: target.url }).end());
  expect(await postWebhook(redirect.url, "{}", {}, local)).toMatchObject({ ok: false, error: "http_error", status: 302 });
  expect(target.hits()).toBe(1);
});

test("an endpoint that does not answer times out", async () => {
  const silent = await serve(() => undefined);
  const started = Date.now();
  expect(await postWebhook(silent.url, "{}", {}, { allowLoopback: true, timeoutMs: 300 })).toMatchObject({ ok: false, error: "timeout" });
  expect(Date.now() - started).toBeLessThan(2_000);
});

test("a refused address is never contacted: loopback unless allowed, and a name with any private address", async () => {
  const target = await serve((_request, response) => response.writeHead(204).end());
  expect(await postWebhook(target.url, "{}", {}, { allowLoopback: false, timeoutMs: 2_000 })).toMatchObject({ ok: false, error: "blocked_address" });
  const port = new URL(target.url).port;
  const mixed = async () => [
    { address: "127.0.0.1", family: 4 as const },
    { address: "169.254.169.254", family: 4 as const },
  ];
  expect(await postWebhook(`http://hooks.example:${port}/hook`, "{}", {}, { ...local, lookup: mixed })).toMatchObject({ ok: false, error: "blocked_address" });
  expect(target.hits()).toBe(0);
  expect(await postWebhook("ftp://example.com/", "{}", {}, local)).toMatchObject({ ok: false, error: "invalid_url" });
});
