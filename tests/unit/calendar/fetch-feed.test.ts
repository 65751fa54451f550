import http, { type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { feedUrl, fetchFeed, type HostLookup } from "../../../lib/calendar/fetch-feed.js";
import { calendar } from "./fixtures.js";

const ICS = calendar(`
BEGIN:VEVENT
UID:a
DTSTART:20310303T090000Z
DTEND:20310303T100000Z
END:VEVENT`);
const ETAG = '"v1"';
const LAST_MODIFIED = "Mon, 03 Mar 2031 08:00:00 GMT";

let server: Server;
let base: string;
let port: number;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    if (path === "/feed.ics") {
      if (req.headers["if-none-match"] === ETAG) {
        res.writeHead(304, { ETag: ETAG }).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/calendar; charset=utf-8", ETag: ETAG, "Last-Modified": LAST_MODIFIED }).end(ICS);
    } else if (path === "/gzip.ics") {
      res.writeHead(200, { "Content-Type": "text/calendar", "Content-Encoding": "gzip" }).end(gzipSync(ICS));
    } else if (path === "/silent") {
      // Never answers.
    } else if (path === "/drip") {
      res.writeHead(200, { "Content-Type": "text/calendar" });
      res.write("BEGIN:VCALENDAR\r\n");
      const timer = setInterval(() => res.write("X-PADDING:x\r\n"), 50);
      res.on("close", () => clearInterval(timer));
    } else if (path === "/big") {
      res.writeHead(200, { "Content-Type": "text/calendar", "Content-Length": String(2 * 1024 * 1024) }).end(Buffer.alloc(2 * 1024 * 1024, 65));
    } else if (path === "/big-chunked") {
      res.writeHead(200, { "Content-Type": "text/calendar" });
      let sent = 0;
      const push = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024, 65))) {
            res.once("drain", push);
            return;
          }
        }
        res.end();
      };
      res.on("error", () => undefined);
      push();
    } else if (path === "/gzip-bomb") {
      res.writeHead(200, { "Content-Type": "text/calendar", "Content-Encoding": "gzip" }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024, 65)));
    } else if (path.startsWith("/loop/")) {
      const n = Number(path.slice("/loop/".length));
      res.writeHead(302, { Location: `/loop/${n + 1}` }).end();
    } else if (path.startsWith("/hops/")) {
      const n = Number(path.slice("/hops/".length));
      res.writeHead(n > 0 ? 301 : 302, { Location: n > 0 ? `/hops/${n - 1}` : "/feed.ics" }).end();
    } else if (path === "/to-metadata") {
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end();
    } else if (path === "/to-intranet") {
      res.writeHead(307, { Location: `http://intranet.test:${port}/feed.ics` }).end();
    } else if (path === "/to-file") {
      res.writeHead(302, { Location: "file:///etc/passwd" }).end();
    } else if (path === "/late") {
      setTimeout(() => res.writeHead(200, { "Content-Type": "text/calendar" }).end(ICS), 100);
    } else if (path === "/to-credentials") {
      res.writeHead(302, { Location: "gopher://ann:s3cret@example.com/feed.ics" }).end();
    } else if (path === "/html") {
      res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Sign in</title>");
    } else {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

const dev = { allowLoopback: true } as const;
const lookupTable =
  (table: Record<string, string[]>, calls: string[] = []): HostLookup =>
  async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("fetchFeed", () => {
  it("fetches a feed and returns its body and validators", async () => {
    const result = await fetchFeed(`${base}/feed.ics`, dev);
    expect(result).toEqual({ status: "ok", body: ICS, etag: ETAG, lastModified: LAST_MODIFIED, finalUrl: `${base}/feed.ics` });
  });

  it("sends If-None-Match and If-Modified-Since and reports 304 as not_modified", async () => {
    const result = await fetchFeed(`${base}/feed.ics`, { ...dev, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(result).toEqual({ status: "not_modified" });
    expect(seen[0]?.headers["if-none-match"]).toBe(ETAG);
    expect(seen[0]?.headers["if-modified-since"]).toBe(LAST_MODIFIED);
  });

  it("decodes a gzip-encoded body", async () => {
    const result = await fetchFeed(`${base}/gzip.ics`, dev);
    expect(result).toMatchObject({ status: "ok", body: ICS });
  });

  it("times out a server that never answers", async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/silent`, { ...dev, timeoutMs: 300 });
    expect(result).toMatchObject({ status: "error", code: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("does not count time the event loop was blocked by other work against the timeout", async () => {
    // Another feed's parsing holds the thread for longer than the timeout while this answer is on its way.
    const pending = fetchFeed(`${base}/late`, { ...dev, timeoutMs: 400 });
    const until = Date.now() + 500;
    while (Date.now() < until) {
      // busy
    }
    expect(await pending).toMatchObject({ status: "ok", body: ICS });
  });

  it("still times out a silent server when the loop was blocked part of the time", async () => {
    const started = Date.now();
    const pending = fetchFeed(`${base}/silent`, { ...dev, timeoutMs: 300 });
    const until = Date.now() + 500;
    while (Date.now() < until) {
      // busy
    }
    expect(await pending).toMatchObject({ status: "error", code: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("asks admission once for a body past admitAfterBytes, reads on once admitted, and does not count the wait against the timeout", async () => {
    const big = `BEGIN:VCALENDAR\r\n${"X-PADDING:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n".repeat(20_000)}END:VCALENDAR\r\n`;
    const local = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/calendar" }).end(big));
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/big.ics`;
    try {
      let asked = 0;
      const slowAdmission = () => new Promise<void>((resolve) => setTimeout(() => (asked++, resolve()), 600));
      const result = await fetchFeed(url, { ...dev, timeoutMs: 400, admitBigBody: slowAdmission, admitAfterBytes: 64 * 1024 });
      expect(result).toMatchObject({ status: "ok", body: big });
      expect(asked).toBe(1);
      // A small body never asks.
      let small = 0;
      expect(await fetchFeed(`${base}/feed.ics`, { ...dev, admitBigBody: async () => void small++, admitAfterBytes: 64 * 1024 })).toMatchObject({ status: "ok" });
      expect(small).toBe(0);
    } finally {
      local.closeAllConnections();
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });

  it("applies the timeout to the whole fetch, even while bytes keep trickling in", async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/drip`, { ...dev, timeoutMs: 400 });
    expect(result).toMatchObject({ status: "error", code: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it.each(["/big", "/big-chunked", "/gzip-bomb"])("refuses a body over the size cap (%s)", async (path) => {
    const result = await fetchFeed(`${base}${path}`, { ...dev, maxBytes: 1024 * 1024 });
    expect(result).toMatchObject({ status: "error", code: "too_large" });
  });

  it("follows up to maxRedirects redirects and no more", async () => {
    expect(await fetchFeed(`${base}/hops/2`, dev)).toMatchObject({ status: "ok", finalUrl: `${base}/feed.ics` });
    expect(seen.map((s) => s.url)).toEqual(["/hops/2", "/hops/1", "/hops/0", "/feed.ics"]);
    expect(await fetchFeed(`${base}/loop/0`, dev)).toMatchObject({ status: "error", code: "too_many_redirects" });
    expect(await fetchFeed(`${base}/hops/0`, { ...dev, maxRedirects: 0 })).toMatchObject({ status: "error", code: "too_many_redirects" });
  });

  it("checks every redirect hop: the metadata address and a name resolving to a private address are refused", async () => {
    expect(await fetchFeed(`${base}/to-metadata`, dev)).toMatchObject({ status: "error", code: "blocked_address" });
    const calls: string[] = [];
    const result = await fetchFeed(`${base}/to-intranet`, { ...dev, lookup: lookupTable({ "intranet.test": ["10.1.2.3"] }, calls) });
    expect(result).toMatchObject({ status: "error", code: "blocked_address" });
    expect(calls).toEqual(["intranet.test"]);
    expect(seen.map((s) => s.url)).toEqual(["/to-metadata", "/to-intranet"]);
  });

  it("refuses loopback unless allowed, by literal and by name", async () => {
    expect(await fetchFeed(`${base}/feed.ics`, { allowLoopback: false })).toMatchObject({ status: "error", code: "blocked_address" });
    expect(await fetchFeed(`http://[::1]:${port}/feed.ics`, { allowLoopback: false })).toMatchObject({ status: "error", code: "blocked_address" });
    const lookup = lookupTable({ "calendar.test": ["127.0.0.1"] });
    expect(await fetchFeed(`http://calendar.test:${port}/feed.ics`, { allowLoopback: false, lookup })).toMatchObject({ status: "error", code: "blocked_address" });
    expect(seen).toEqual([]);
  });

  it("refuses loopback written in obfuscated forms, and localhost through the system resolver", async () => {
    for (const host of ["2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "localhost"]) {
      const result = await fetchFeed(`http://${host}:${port}/feed.ics`, { allowLoopback: false });
      expect([host, result]).toMatchObject([host, { status: "error", code: "blocked_address" }]);
    }
    expect(seen).toEqual([]);
  });

  it("refuses a name that resolves to a private address without connecting", async () => {
    for (const address of ["10.0.0.5", "192.168.1.10", "172.20.0.1", "100.64.1.1", "169.254.169.254", "fd00::1", "::ffff:10.0.0.5", "0.0.0.0"]) {
      const result = await fetchFeed("https://calendar.example.com/feed.ics", { ...dev, lookup: lookupTable({ "calendar.example.com": [address] }) });
      expect([address, result]).toMatchObject([address, { status: "error", code: "blocked_address" }]);
    }
  });

  it("never says what a refused name resolves to, nor what kind of address it is (no probing of internal DNS)", async () => {
    const messages: string[] = [];
    for (const address of ["10.1.2.3", "fd00::1", "127.0.0.1", "169.254.169.254"]) {
      const result = await fetchFeed("https://intranet.example.com/feed.ics", { allowLoopback: false, lookup: lookupTable({ "intranet.example.com": [address] }) });
      expect(result).toMatchObject({ status: "error", code: "blocked_address" });
      if (result.status === "error") messages.push(result.message);
    }
    messages.push(...[await fetchFeed(`${base}/to-metadata`, dev), await fetchFeed(`http://127.0.0.1:${port}/feed.ics`, { allowLoopback: false })].map((r) => (r.status === "error" ? r.message : "")));
    // Past the host the user gave (a literal address is theirs to see), every refusal reads the same.
    const withoutHost = messages.map((m) => m.replace(/^(intranet\.example\.com|169\.254\.169\.254|127\.0\.0\.1) /, "HOST "));
    for (const message of withoutHost) {
      expect(message).toMatch(/^HOST .*refused address/);
      expect(message).not.toMatch(/10\.1\.2\.3|fd00|127\.0\.0\.1|169\.254|private|loopback|link-local/i);
    }
    expect(new Set(withoutHost).size).toBe(1);
  });

  it("never echoes credentials of a redirect target", async () => {
    const result = await fetchFeed(`${base}/to-credentials`, dev);
    expect(result).toMatchObject({ status: "error", code: "invalid_url" });
    expect(JSON.stringify(result)).not.toMatch(/s3cret|ann:/);
  });

  it("connects to exactly the address it checked, whatever a second lookup would say (no DNS rebinding)", async () => {
    const answers = [["10.0.0.1", "127.0.0.1"], ["10.0.0.1"]];
    const calls: string[] = [];
    const lookup: HostLookup = async (hostname) => {
      calls.push(hostname);
      return (answers[calls.length - 1] ?? []).map((address) => ({ address, family: 4 as const }));
    };
    const result = await fetchFeed(`http://calendar.test:${port}/feed.ics`, { ...dev, lookup });
    expect(result).toMatchObject({ status: "ok", body: ICS });
    expect(calls).toEqual(["calendar.test"]);
    expect(seen[0]?.headers.host).toBe(`calendar.test:${port}`);
  });

  it.each(["ftp://example.com/feed.ics", "file:///etc/passwd", "javascript:alert(1)", "mailto:ann@example.com", "not a url", "http://"])(
    "refuses %j as invalid_url",
    async (url) => {
      expect(await fetchFeed(url, dev)).toMatchObject({ status: "error", code: "invalid_url" });
    },
  );

  it("refuses a redirect to a non-http scheme", async () => {
    expect(await fetchFeed(`${base}/to-file`, dev)).toMatchObject({ status: "error", code: "invalid_url" });
  });

  it("reports a body that is not a calendar", async () => {
    expect(await fetchFeed(`${base}/html`, dev)).toMatchObject({ status: "error", code: "not_calendar" });
  });

  it("reports HTTP errors with their status", async () => {
    expect(await fetchFeed(`${base}/missing`, dev)).toEqual({ status: "error", code: "http_error", message: "HTTP 404", httpStatus: 404 });
  });

  it("reports a refused connection and an unknown host as network errors", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await fetchFeed(`http://127.0.0.1:${closedPort}/feed.ics`, dev)).toMatchObject({ status: "error", code: "network_error" });
    expect(await fetchFeed("https://nowhere.test/feed.ics", { ...dev, lookup: lookupTable({}) })).toMatchObject({ status: "error", code: "network_error" });
  });
});

describe("feedUrl", () => {
  it("reads webcal and webcals as https, as calendar apps do", () => {
    expect(feedUrl("webcal://p42-caldav.icloud.com/published/2/abc")?.href).toBe("https://p42-caldav.icloud.com/published/2/abc");
    expect(feedUrl("WEBCALS://example.com/a.ics?x=1")?.href).toBe("https://example.com/a.ics?x=1");
    expect(feedUrl(" https://calendar.google.com/calendar/ical/x/basic.ics ")?.href).toBe("https://calendar.google.com/calendar/ical/x/basic.ics");
    expect(feedUrl("http://example.com/a.ics")?.protocol).toBe("http:");
    expect(feedUrl("gopher://example.com/")).toBeUndefined();
  });
});
