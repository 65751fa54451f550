import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What one path serves: a calendar (with validators, honoured on revalidation), or a handler of its own. */
type FeedRoute =
  | { body: string; etag?: string; lastModified?: string; status?: number; contentType?: string; delayMs?: number }
  | ((req: IncomingMessage, res: ServerResponse) => void | Promise<void>);

export interface FeedServer {
  url(path: string): string;
  set(path: string, route: FeedRoute): void;
  /** Every request, in arrival order. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  /** Most requests in progress at once (since the last reset). */
  maxInFlight: number;
  resetMaxInFlight(): void;
  close(): Promise<void>;
}

/** A local feed host on 127.0.0.1 (the only internet the tests use). */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: FeedServer["requests"] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://feeds").pathname;
    requests.push({ path, headers: req.headers });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const route = routes.get(path);
    if (!route) return void res.writeHead(404, { "Content-Type": "text/plain" }).end("no such feed");
    if (typeof route === "function") return void (await route(req, res));
    if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
    if (res.destroyed) return;
    const fresh =
      (route.etag !== undefined && req.headers["if-none-match"] === route.etag) ||
      (route.etag === undefined && route.lastModified !== undefined && req.headers["if-modified-since"] === route.lastModified);
    const validators = {
      ...(route.etag ? { ETag: route.etag } : {}),
      ...(route.lastModified ? { "Last-Modified": route.lastModified } : {}),
    };
    if (fresh) return void res.writeHead(304, validators).end();
    res.writeHead(route.status ?? 200, { "Content-Type": route.contentType ?? "text/calendar; charset=utf-8", ...validators }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, route) => void routes.set(path, route),
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    resetMaxInFlight: () => void (state.maxInFlight = 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface TestEvent {
  uid: string;
  start: number;
  end: number;
  summary?: string;
  rrule?: string;
  status?: "CANCELLED";
  transparent?: boolean;
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** An iCalendar feed of UTC events, CRLF line ends. */
export function icsFeed(events: TestEvent[], extra = ""): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//presence tests//EN"];
  for (const event of events) {
    lines.push("BEGIN:VEVENT", `UID:${event.uid}`, `DTSTAMP:20300101T000000Z`, `DTSTART:${utc(event.start)}`, `DTEND:${utc(event.end)}`);
    if (event.summary) lines.push(`SUMMARY:${event.summary}`);
    if (event.rrule) lines.push(`RRULE:${event.rrule}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    if (event.transparent) lines.push("TRANSP:TRANSPARENT");
    lines.push("END:VEVENT");
  }
  if (extra) lines.push(extra);
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
