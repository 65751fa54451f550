/**
 * Fetches a calendar feed over HTTP(S) without ever reaching an address the
 * address policy refuses.
 *
 * node:http/https rather than global fetch: fetch (undici) resolves and
 * connects inside its dispatcher, so the address it finally connects to cannot
 * be checked. Here every hop resolves the host once, checks every candidate
 * address, and connects to exactly the address it checked (the request's
 * `lookup` is pinned to it), so DNS rebinding between check and connect is
 * impossible. Redirects are followed by hand, each hop checked the same way.
 * The connected socket's remote address is checked once more. A refusal never
 * says what the name resolved to (that would let any user probe internal DNS);
 * the address is in `detail`, for the server's log only.
 *
 * Never throws: remote failures come back as a typed error.
 */
import { promises as dns, type LookupAddress } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Transform } from "node:stream";
import { classifyAddress, isAddressAllowed } from "./address-policy.js";

interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; injectable for tests. */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

interface FetchFeedOptions {
  /** ETag of the copy already held: sent as If-None-Match. */
  etag?: string;
  /** Last-Modified of the copy already held: sent as If-Modified-Since. */
  lastModified?: string;
  /** Local development only: allow loopback addresses (no other private range). */
  allowLoopback: boolean;
  /**
   * Whole fetch, DNS and redirects included, not counting time the event loop was blocked by other work.
   * Default 10 s.
   */
  timeoutMs?: number;
  /** Wall-clock ceiling, blocked time included. Default twice the timeout. */
  wallLimitMs?: number;
  /** Decoded body size cap. Default 5 MB. */
  maxBytes?: number;
  /** Redirects followed at most. Default 3. */
  maxRedirects?: number;
  lookup?: HostLookup;
  userAgent?: string;
  /**
   * Called once, when a body grows past `admitAfterBytes`: reading pauses (and the timeout with it)
   * until the promise settles, so a caller can bound how many big bodies are held at once.
   */
  admitBigBody?: () => Promise<void>;
  /** Default 1 MB. */
  admitAfterBytes?: number;
}

type FetchErrorCode =
  | "invalid_url"
  | "blocked_address"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "http_error"
  | "network_error"
  | "not_calendar";

type FetchFeedResult =
  | { status: "ok"; body: string; etag?: string; lastModified?: string; finalUrl: string }
  | { status: "not_modified" }
  | {
      status: "error";
      code: FetchErrorCode;
      /** Safe to show the feed's owner. */
      message: string;
      httpStatus?: number;
      /** For the server's log only (the refused address, for one). */
      detail?: string;
    };

const FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 } as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly httpStatus?: number,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** The same words whatever the address was: what a name resolves to is not the caller's business. */
function refusedAddress(host: string, address: string): FetchError {
  return new FetchError("blocked_address", `${host} is at a refused address: feeds must be on the public internet`, undefined, `${host} → ${address} (${classifyAddress(address)})`);
}

/** A URL as text with any user name and password replaced by "***" (for anything shown or logged). */
export function withoutCredentials(text: string): string {
  try {
    const url = new URL(text.trim());
    if (url.username === "" && url.password === "") return url.href;
    url.username = "***";
    url.password = "";
    return url.href;
  } catch {
    return text.replace(/\/\/[^/@?#]*@/, "//***@");
  }
}

/**
 * The URL to fetch for a feed address: http and https as given, webcal and
 * webcals as https (what calendar apps do). Undefined for anything else.
 */
export function feedUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol === "webcal:" || url.protocol === "webcals:") {
    try {
      url = new URL(`https:${url.href.slice(url.protocol.length)}`);
    } catch {
      return undefined;
    }
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return undefined;
  return url;
}

const defaultLookup: HostLookup = async (hostname) => {
  const found: LookupAddress[] = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export async function fetchFeed(url: string, opts: FetchFeedOptions): Promise<FetchFeedResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  const wallLimitMs = Math.max(timeoutMs, opts.wallLimitMs ?? 2 * timeoutMs);
  const watch = watchTimeout(timeoutMs, wallLimitMs, () => controller.abort(new FetchError("timeout", `No complete answer within ${timeoutMs} ms`)));
  try {
    return await fetchFollowingRedirects(url, opts, controller.signal, watch);
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    if (reason instanceof FetchError) {
      return {
        status: "error",
        code: reason.code,
        message: reason.message,
        ...(reason.httpStatus === undefined ? {} : { httpStatus: reason.httpStatus }),
        ...(reason.detail === undefined ? {} : { detail: reason.detail }),
      };
    }
    return { status: "error", code: "network_error", message: (reason as Error)?.message ?? String(reason) };
  } finally {
    watch.stop();
  }
}

interface TimeoutWatch {
  stop(): void;
  /** Time until the returned promise settles does not count (the wall limit still does). */
  pauseDuring<T>(promise: Promise<T>): Promise<T>;
}

/**
 * Calls `onTimeout` once `timeoutMs` of the fetch's own time has passed. Time the event loop spent blocked
 * by other work (another feed being parsed) is not the remote's fault and does not count: the clock is a
 * ticker, and a tick that comes much later than asked counts only as one tick. So a feed whose answer
 * arrived while the thread was busy is read, not timed out. The wall-clock ceiling `wallLimitMs` still
 * holds, so a busy thread cannot keep a fetch open for ever.
 */
function watchTimeout(timeoutMs: number, wallLimitMs: number, onTimeout: () => void): TimeoutWatch {
  const tickMs = Math.max(10, Math.min(100, Math.floor(timeoutMs / 10)));
  const started = performance.now();
  let last = started;
  let counted = 0;
  let paused = false;
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    if (!paused) counted += gap > 2 * tickMs ? tickMs : gap;
    last = now;
    if (counted >= timeoutMs || now - started >= wallLimitMs) {
      clearInterval(ticker);
      onTimeout();
    }
  }, tickMs);
  return {
    stop: () => clearInterval(ticker),
    pauseDuring: async (promise) => {
      paused = true;
      try {
        return await promise;
      } finally {
        paused = false;
      }
    },
  };
}

async function fetchFollowingRedirects(text: string, opts: FetchFeedOptions, signal: AbortSignal, watch: TimeoutWatch): Promise<FetchFeedResult> {
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  let url = feedUrl(text);
  if (!url) throw new FetchError("invalid_url", "Feed URL must be an http, https, webcal or webcals URL");

  for (let redirects = 0; ; redirects++) {
    const address = await pickAddress(url, opts, signal);
    const response = await request(url, address, opts, signal);
    const status = response.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) throw new FetchError("http_error", `HTTP ${status} without a Location`, status);
      if (redirects >= maxRedirects) throw new FetchError("too_many_redirects", `More than ${maxRedirects} redirects`);
      const next = feedUrl(new URL(location, url).href);
      if (!next) throw new FetchError("invalid_url", `Redirect to an unsupported URL: ${withoutCredentials(new URL(location, url).href)}`);
      url = next;
      continue;
    }
    if (status === 304) {
      response.destroy();
      return { status: "not_modified" };
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw new FetchError("http_error", `HTTP ${status}`, status);
    }

    const admit = opts.admitBigBody;
    const body = await readBody(response, opts.maxBytes ?? FETCH_DEFAULTS.maxBytes, signal, {
      afterBytes: opts.admitAfterBytes ?? 1024 * 1024,
      wait: admit ? () => watch.pauseDuring(abortable(admit(), signal)) : undefined,
    });
    if (!/^\s*BEGIN:VCALENDAR/i.test(body.replace(/^\uFEFF/, ""))) {
      throw new FetchError("not_calendar", "The response is not an iCalendar feed (no BEGIN:VCALENDAR)");
    }
    const etag = header(response, "etag");
    const lastModified = header(response, "last-modified");
    return {
      status: "ok",
      body,
      finalUrl: url.href,
      ...(etag === undefined ? {} : { etag }),
      ...(lastModified === undefined ? {} : { lastModified }),
    };
  }
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Resolves the host once and returns the first address the policy allows. */
async function pickAddress(url: URL, opts: FetchFeedOptions, signal: AbortSignal): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = isIP(host);
  let candidates: readonly ResolvedAddress[];
  if (literal !== 0) {
    candidates = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      candidates = await abortable((opts.lookup ?? defaultLookup)(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new FetchError("network_error", `Cannot resolve ${host}: ${(error as Error).message}`);
    }
  }
  if (candidates.length === 0) throw new FetchError("network_error", `Cannot resolve ${host}`);
  const allowed = candidates.find((c) => isAddressAllowed(c.address, { allowLoopback: opts.allowLoopback }));
  if (!allowed) throw refusedAddress(host, (candidates[0] as ResolvedAddress).address);
  return allowed;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function request(url: URL, pinned: ResolvedAddress, opts: FetchFeedOptions, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the checked address whatever name resolution would say now.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
  const headers: Record<string, string> = {
    Accept: "text/calendar, text/plain;q=0.9, */*;q=0.5",
    "Accept-Encoding": "gzip, deflate, br",
    "User-Agent": opts.userAgent ?? "presence-scheduling-service calendar poller",
  };
  if (opts.etag) headers["If-None-Match"] = opts.etag;
  if (opts.lastModified) headers["If-Modified-Since"] = opts.lastModified;
  const host = hostOf(url);
  const isHttps = url.protocol === "https:";

  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers,
        agent: false,
        lookup,
        signal,
        ...(isHttps && isIP(host) === 0 ? { servername: host } : {}),
        ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
      },
      resolve,
    );
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        const remote = socket.remoteAddress;
        if (remote !== undefined && !isAddressAllowed(remote, { allowLoopback: opts.allowLoopback })) {
          req.destroy(refusedAddress(host, remote));
        }
      });
    });
    req.on("error", (error) => reject(error instanceof FetchError ? error : signal.aborted ? signal.reason : new FetchError("network_error", error.message)));
    req.end();
  });
}

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Reads the body as UTF-8, counting decoded bytes as they arrive and stopping past the cap. */
async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
  admission: { afterBytes: number; wait: (() => Promise<void>) | undefined },
): Promise<string> {
  const declared = Number(response.headers["content-length"]);
  const decoder = decoderFor(header(response, "content-encoding"));
  if (!decoder && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchError("too_large", `The feed is ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (decoder) response.on("error", (error) => decoder.destroy(error));
  const stream = decoder ? response.pipe(decoder) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  let admitted = admission.wait === undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new FetchError("too_large", `The feed exceeds the ${maxBytes}-byte limit`);
      chunks.push(chunk);
      if (!admitted && size > admission.afterBytes) {
        admitted = true;
        await admission.wait!(); // the stream stays paused meanwhile: the sender waits, memory does not grow
      }
    }
  } catch (error) {
    response.destroy();
    decoder?.destroy();
    if (error instanceof FetchError) throw error;
    if (signal.aborted) throw signal.reason;
    throw new FetchError("network_error", `The feed could not be read: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}
