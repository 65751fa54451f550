// The checker that every integration and e2e helper runs on 2xx answers (tests/support/response-contract.ts):
// it must refuse what the contract does not describe, or the suites would prove nothing about the schemas.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { invoke } from "../support/lambda.js";
import { ResponseContractError, responseContractViolation, routeFor } from "../support/response-contract.js";
import { call, type RunningService } from "../support/service-process.js";

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});
/** A handler that answers whatever it is given, whatever the request. */
const answering = (result: APIGatewayProxyResultV2) => async () => result;

const presence = { userId: "ann", status: "busy", source: "manual", expiresAt: "2031-01-06T09:00:00Z" };
const getStatus = { method: "GET", path: "/v1/users/ann/status", pathParameters: { userId: "ann" } };

describe("routeFor", () => {
  test("finds the route of a method and a concrete path, literal paths before parameters", () => {
    expect(routeFor("GET", "/v1/users/ann/status")?.operationId).toBe("getStatus");
    expect(routeFor("delete", "/v1/users/ann/status")?.operationId).toBe("clearStatus");
    expect(routeFor("GET", "/v1/users/ann/slots/explain")?.operationId).toBe("explainSlot");
    expect(routeFor("GET", "/overlap?user_id_2=bob")?.operationId).toBe("seedOverlap");
    expect(routeFor("GET", "/overlap/bob")?.operationId).toBe("seedOverlapByPath");
    expect(routeFor("GET", "/v1/users")).toBeUndefined();
  });
});

describe("invoke checks every 2xx answer against its route's contract", () => {
  test("a body that matches passes, and the test sees it", async () => {
    const response = await invoke(answering(json(200, presence)), getStatus);
    expect(response.body).toEqual(presence);
  });

  test("a missing field fails, naming the route, the status and the zod issue", async () => {
    const { source: _source, ...withoutSource } = presence;
    const failure = invoke(answering(json(200, withoutSource)), getStatus);
    await expect(failure).rejects.toThrow(ResponseContractError);
    await expect(failure).rejects.toThrow(/GET \/v1\/users\/\{userId\}\/status \(getStatus\) answered 200[\s\S]*- source: .*\(invalid_value\)/);
  });

  test("a value of the wrong type fails", async () => {
    await expect(invoke(answering(json(200, { ...presence, expiresAt: 42 })), getStatus)).rejects.toThrow(
      /expiresAt: Invalid input: expected string, received number/,
    );
    await expect(invoke(answering(json(200, { ...presence, status: "away" })), getStatus)).rejects.toThrow(/- status:/);
  });

  test("a field the schema does not declare fails (the document says additionalProperties: false), also nested", async () => {
    await expect(invoke(answering(json(200, { ...presence, secret: "x" })), getStatus)).rejects.toThrow(
      /- secret: not declared by the schema/,
    );
    const booking = {
      id: "bk_0123456789abcdef0123",
      ownerId: "ann",
      start: "2031-01-06T09:00:00Z",
      end: "2031-01-06T09:30:00Z",
      status: "confirmed",
      invitee: { name: "Ivy", email: "ivy@example.com", phone: "+33" },
      createdAt: "2031-01-01T00:00:00Z",
      updatedAt: "2031-01-01T00:00:00Z",
      sequence: 0,
    };
    const request = { method: "POST", path: "/v1/users/ann/bookings", body: {} };
    await expect(invoke(answering(json(201, { booking, cancelToken: "t" })), request)).rejects.toThrow(
      /createBooking\) answered 201[\s\S]*- booking\.invitee\.phone: not declared/,
    );
    const { phone: _phone, ...invitee } = booking.invitee;
    await expect(invoke(answering(json(201, { booking: { ...booking, invitee }, cancelToken: "t" })), request)).resolves.toMatchObject({ status: 201 });
  });

  test("a loose object keeps its extra fields (the OpenAPI document itself)", async () => {
    const document = { openapi: "3.1.0", info: { title: "t" }, paths: {} };
    await expect(invoke(answering(json(200, document)), { method: "GET", path: "/openapi.json" })).resolves.toMatchObject({ status: 200 });
  });

  test("a 2xx status the contract does not declare fails", async () => {
    await expect(invoke(answering(json(201, presence)), getStatus)).rejects.toThrow(
      /answered 201, a status its contract does not declare \(declared: 200, 400, 404\)/,
    );
    await expect(invoke(answering({ statusCode: 204, body: "" }), { ...getStatus, method: "DELETE" })).rejects.toThrow(
      /clearStatus\) answered 204, a status its contract does not declare/,
    );
  });

  test("a 2xx on a path no route declares fails", async () => {
    await expect(invoke(answering(json(200, {})), { method: "GET", path: "/v2/nothing" })).rejects.toThrow(
      /no route of lib\/api\/routes\.ts matches GET \/v2\/nothing/,
    );
  });

  test("a missing body or a body that is not JSON fails; a 304 is not checked", async () => {
    await expect(invoke(answering({ statusCode: 200, body: "" }), getStatus)).rejects.toThrow(/without a body/);
    await expect(invoke(answering({ statusCode: 200, headers: { "content-type": "text/plain" }, body: "busy" }), getStatus)).rejects.toThrow(
      /Content-Type text\/plain, not JSON/,
    );
    expect(
      responseContractViolation(
        { method: "GET", path: "/v1/users/ann/slots" },
        { status: 304, headers: {}, raw: "" },
      ),
    ).toBeUndefined();
  });

  test("a route declaring text/calendar: an iCalendar body is parsed with lib/calendar, anything else fails", async () => {
    const ics = (text: string, type = "text/calendar; charset=utf-8"): APIGatewayProxyResultV2 => ({ statusCode: 200, headers: { "content-type": type }, body: text });
    const event = ["BEGIN:VEVENT", "UID:bk_1@x.invalid", "DTSTAMP:20310101T000000Z", "DTSTART:20310505T090000Z", "DTEND:20310505T093000Z", "END:VEVENT"];
    const calendar = (...lines: string[]) => `${["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", ...lines, "END:VCALENDAR"].join("\r\n")}\r\n`;
    const feed = { method: "GET", path: "/v1/users/ann/bookings.ics", pathParameters: { userId: "ann" }, query: { token: "t" } };
    const invite = { method: "GET", path: "/v1/users/ann/bookings/bk_0123456789abcdef0123.ics", pathParameters: { userId: "ann", bookingId: "bk_0123456789abcdef0123.ics" } };
    expect(routeFor("GET", "/v1/users/ann/bookings.ics")?.operationId).toBe("getBookingsFeed");
    await expect(invoke(answering(ics(calendar(...event))), feed)).resolves.toMatchObject({ status: 200 });
    await expect(invoke(answering(ics(calendar(...event))), invite)).resolves.toMatchObject({ status: 200 });
    await expect(invoke(answering(ics("not a calendar")), feed)).rejects.toThrow(/lib\/calendar cannot parse/);
    await expect(invoke(answering(ics(calendar(...event).replaceAll("\r\n", "\n"))), feed)).rejects.toThrow(/CRLF/);
    await expect(invoke(answering(ics(calendar(...event), "text/calendar")), feed)).rejects.toThrow(/charset=utf-8/);
    await expect(invoke(answering(ics(calendar("BEGIN:VTIMEZONE", "TZID:X", "END:VTIMEZONE", ...event))), feed)).rejects.toThrow(/VTIMEZONE/);
    // The feed declares only text/calendar; the booking route also JSON, which must then match its schema.
    await expect(invoke(answering(json(200, { ok: true })), feed)).rejects.toThrow(/declares only text\/calendar/);
    await expect(invoke(answering(json(200, { ok: true })), invite)).rejects.toThrow(/does not match its response schema/);
  });

  test("error answers and CORS preflights are not checked here", async () => {
    await expect(invoke(answering(json(404, { anything: true })), getStatus)).resolves.toMatchObject({ status: 404 });
    await expect(invoke(answering({ statusCode: 204, body: "" }), { method: "OPTIONS", path: "/v1/users" })).resolves.toMatchObject({ status: 204 });
  });
});

describe("the e2e helper `call` checks the same way", () => {
  let server: Server;
  let service: RunningService;
  let next: { status: number; body: string; type: string };
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(next.status, { "content-type": next.type }).end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    service = { baseUrl: `http://127.0.0.1:${port}` } as RunningService;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a conforming answer passes; a mismatching one fails", async () => {
    next = { status: 200, body: JSON.stringify({ user_id: "ann", status: "available", expiration_time: null, source: "default" }), type: "application/json" };
    await expect(call(service, "GET", "/get_status?user_id=ann")).resolves.toMatchObject({ status: 200 });
    next = { status: 200, body: JSON.stringify({ user_id: "ann", status: "available" }), type: "application/json" };
    await expect(call(service, "GET", "/get_status?user_id=ann")).rejects.toThrow(
      /GET \/get_status \(seedGetStatus\) answered 200[\s\S]*- expiration_time:[\s\S]*- source:/,
    );
    // What serverless offline answers when the function times out.
    next = { status: 200, body: JSON.stringify({ errorMessage: "[504] - Lambda timeout.", errorType: "LambdaTimeoutError", stackTrace: [] }), type: "application/json" };
    await expect(call(service, "GET", "/get_status?user_id=ann")).rejects.toThrow(
      /seedGetStatus\) answered 200, but the function failed \(serverless offline reports a Lambda error as 200\): LambdaTimeoutError: \[504\] - Lambda timeout\./,
    );
  });
});
