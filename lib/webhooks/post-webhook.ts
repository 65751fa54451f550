/**
 * POSTs one webhook delivery without ever reaching an address the feed address policy refuses
 * (lib/calendar/address-policy.ts), the way lib/calendar/fetch-feed.ts fetches feeds: the host is resolved
 * once, every candidate checked, the request pinned to the checked address (no DNS rebinding between check
 * and connect), and the connected socket's remote address checked again. Redirects are never followed (a
 * 3xx is a failure). The answer's body is read up to 64 KB and dropped. Never throws.
 */
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isAddressAllowed } from "../calendar/address-policy.js";

export type DeliveryError = "invalid_url" | "blocked_address" | "timeout" | "network_error" | "http_error";

export type PostOutcome = { ok: true; status: number } | { ok: false; error: DeliveryError; status?: number; detail?: string };

interface Resolved {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (hostname: string) => Promise<readonly Resolved[]>;

const defaultLookup: HostLookup = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const MAX_ANSWER_BYTES = 64 * 1024;

class Refusal extends Error {
  constructor(
    readonly code: DeliveryError,
    message: string,
  ) {
    super(message);
  }
}

/** The addresses a webhook URL's host resolves to, each judged by the policy (registration and every delivery use this). */
export async function resolveAllowed(url: URL, allowLoopback: boolean, lookup: HostLookup = defaultLookup): Promise<Resolved> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host);
  let candidates: readonly Resolved[];
  if (literal !== 0) candidates = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      candidates = await lookup(host);
    } catch (error) {
      throw new Refusal("network_error", `Cannot resolve ${host}: ${(error as Error).message}`);
    }
  }
  if (candidates.length === 0) throw new Refusal("network_error", `Cannot resolve ${host}`);
  // Every address must pass: a name that also resolves to a private address is refused whichever one a client would pick.
  if (!candidates.every((candidate) => isAddressAllowed(candidate.address, { allowLoopback }))) {
    throw new Refusal("blocked_address", `${host} is at a refused address: webhook endpoints must be on the public internet`);
  }
  return candidates[0] as Resolved;
}

/** Why a URL may not be an endpoint (undefined: it may), as the owner is told at registration. */
export async function endpointRefusal(text: string, allowLoopback: boolean, lookup?: HostLookup): Promise<{ code: DeliveryError; message: string } | undefined> {
  try {
    await resolveAllowed(new URL(text), allowLoopback, lookup);
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) return { code: error.code, message: error.message };
    return { code: "invalid_url", message: "not a URL" };
  }
}

export async function postWebhook(
  text: string,
  body: string,
  headers: Record<string, string>,
  options: { allowLoopback: boolean; timeoutMs: number; lookup?: HostLookup },
): Promise<PostOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url: URL;
  try {
    url = new URL(text);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
  } catch {
    return { ok: false, error: "invalid_url" };
  }
  try {
    const pinned = await Promise.race([
      resolveAllowed(url, options.allowLoopback, options.lookup),
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Refusal("timeout", "timed out")), { once: true })),
    ]);
    const status = await send(url, pinned, body, headers, options.allowLoopback, signal);
    return status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: "http_error", status };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.code, detail: error.message };
    if (signal.aborted) return { ok: false, error: "timeout" };
    return { ok: false, error: "network_error", detail: (error as Error).message };
  }
}

function send(url: URL, pinned: Resolved, body: string, headers: Record<string, string>, allowLoopback: boolean, signal: AbortSignal): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const isHttps = url.protocol === "https:";
  return new Promise<number>((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "presence-scheduling-service webhooks",
        },
        agent: false,
        lookup,
        signal,
        ...(isHttps && isIP(host) === 0 ? { servername: host } : {}),
      },
      (response) => {
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => resolve(response.statusCode ?? 0);
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        const remote = socket.remoteAddress;
        if (remote !== undefined && !isAddressAllowed(remote, { allowLoopback })) {
          req.destroy(new Refusal("blocked_address", `${host} is at a refused address`));
        }
      });
    });
    req.on("error", (error) => reject(error instanceof Refusal ? error : signal.aborted ? new Refusal("timeout", "timed out") : error));
    req.end(body);
  });
}
