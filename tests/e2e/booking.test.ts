import { call, startService, type RunningService } from "../support/service-process.js";
import { addDays, futureMonday, utcInstant, zonedInstant } from "../support/future-dates.js";

/** Ann's zone; her dates are a Monday ahead of the clock and the days after it. */
const PARIS = "Europe/Paris";
const MONDAY = futureMonday({ zone: PARIS });
const day = (n: number) => addDays(MONDAY, n);
/** Ann's wall-clock time on that Monday, in UTC. */
const annAt = (time: string) => utcInstant(day(0), time, PARIS);

const E2E_TIMEOUT = 240_000;

/** API.md's booking and interval scenarios, over HTTP against the real `npm start`. */
describe("npm start: booking and intervals, over HTTP", () => {
  let service: RunningService;
  let ann: string;
  let bob: string;

  beforeAll(async () => {
    service = await startService();
    const a = await call(service, "POST", "/v1/users", { key: service.adminKey, body: { id: "ann", timezone: "Europe/Paris" } });
    const b = await call(service, "POST", "/v1/users", { key: service.adminKey, body: { id: "bob" } });
    ann = a.body.apiKey;
    bob = b.body.apiKey;
  }, E2E_TIMEOUT);

  afterAll(async () => {
    await service?.stop();
  });

  test(
    "seed booking: set rules, search (query, and JSON body by POST), book, 409 again, 422 misaligned, list upcoming",
    async () => {
      const rules = {
        availability_rules: [
          { start_date: day(0), end_date: day(1), start_time: "09:00", end_time: "11:30" },
          { start_date: day(0), end_date: day(0), start_time: "22:00", end_time: "24:00" },
        ],
      };
      const set = await call(service, "POST", "/api/calendar/set_availability/ann", { key: ann, body: rules });
      expect(set.status).toBe(200);
      expect(JSON.parse(set.body.new_slots)).toHaveLength(2);
      const overlapping = await call(service, "POST", "/api/calendar/set_availability/ann", {
        key: ann,
        body: { availability_rules: [{ start_date: day(1), end_date: day(2), start_time: "11:00", end_time: "12:00" }] },
      });
      expect(overlapping.status).toBe(400);
      expect(overlapping.body.error).toContain("overlaps");

      const byQuery = await call(service, "GET", `/api/appointments/search_slots?owner=ann&request_date=${day(0)}`);
      expect(byQuery.status).toBe(200);
      expect(byQuery.body.available_slots).toEqual([
        { start: `${day(0)}T09:00`, end: `${day(0)}T10:00` },
        { start: `${day(0)}T10:00`, end: `${day(0)}T11:00` },
        { start: `${day(0)}T22:00`, end: `${day(0)}T23:00` },
        { start: `${day(0)}T23:00`, end: `${day(1)}T00:00` },
      ]);
      const byBody = await call(service, "POST", "/api/appointments/search_slots", { body: { owner: "ann", request_date: day(0) } });
      expect(byBody.body).toEqual(byQuery.body);
      const cached = await call(service, "GET", `/api/appointments/search_slots?owner=ann&request_date=${day(0)}`, {
        headers: { "if-none-match": byQuery.headers.get("etag")! },
      });
      expect(cached.status).toBe(304);

      const slot = { owner: "ann", invitee: "Bob", start_time: `${day(0)}T10:00`, end_time: `${day(0)}T11:00` };
      const booked = await call(service, "POST", "/api/appointments/book_slot", { body: slot });
      expect(booked.status).toBe(200);
      expect(booked.body).toEqual({
        message: "Appointment booked successfully",
        appointment: { start: `${day(0)}T10:00`, end: `${day(0)}T11:00`, invitee: "Bob", owner: "ann" },
      });
      expect((await call(service, "POST", "/api/appointments/book_slot", { body: slot })).status).toBe(409);
      const misaligned = await call(service, "POST", "/api/appointments/book_slot", {
        body: { ...slot, start_time: `${day(0)}T09:30`, end_time: `${day(0)}T10:30` },
      });
      expect(misaligned.status).toBe(422);
      expect((await call(service, "POST", "/api/appointments/book_slot", { body: { ...slot, owner: "nobody" } })).status).toBe(404);

      const afterBooking = await call(service, "GET", `/api/appointments/search_slots?owner=ann&request_date=${day(0)}`, {
        headers: { "if-none-match": byQuery.headers.get("etag")! },
      });
      expect(afterBooking.status).toBe(200);
      expect(afterBooking.body.available_slots).toHaveLength(3);

      const upcoming = await call(service, "GET", "/appointments/list_upcoming/ann", { key: ann });
      expect(upcoming.body).toEqual({ upcoming_appointments: [{ invitee: "Bob", start_time: `${day(0)}T10:00`, end_time: `${day(0)}T11:00` }] });
      const byQueryList = await call(service, "GET", "/api/calendar/appointments/list_upcoming?owner=ann", { key: ann });
      expect(byQueryList.body).toEqual(upcoming.body);
      expect((await call(service, "GET", "/appointments/list_upcoming/ann", { key: bob })).status).toBe(403);
    },
    E2E_TIMEOUT,
  );

  test(
    "seed intervals: post with offsets, read merged UTC, overlap by query, path and POST body",
    async () => {
      const posted = await call(service, "POST", "/availability", {
        key: bob,
        body: {
          user_id: "bob",
          availability: [
            { start_time: zonedInstant(day(0), "09:00", PARIS), end_time: zonedInstant(day(0), "10:00", PARIS) },
            { start_time: annAt("10:00"), end_time: annAt("12:00") },
          ],
        },
      });
      expect(posted.status).toBe(200);
      const read = await call(service, "GET", "/availability", { key: bob });
      expect(read.body).toEqual({
        user_id: "bob",
        availability: [{ start_time: annAt("09:00"), end_time: annAt("12:00") }],
      });
      const noOffset = await call(service, "POST", "/availability", {
        key: bob,
        body: { user_id: "bob", availability: [{ start_time: `${day(1)}T09:00:00`, end_time: `${day(1)}T10:00:00` }] },
      });
      expect(noOffset.status).toBe(400);
      expect((await call(service, "POST", "/availability", { key: bob, body: { user_id: "ann", availability: [] } })).status).toBe(403);

      // Ann: 09:00–11:30 Paris, minus her 10:00–11:00 Paris booking; Bob: 09:00–12:00 Paris.
      const expected = {
        overlap: [
          { start_time: annAt("09:00"), end_time: annAt("10:00") },
          { start_time: annAt("11:00"), end_time: annAt("11:30") },
        ],
      };
      const byQuery = await call(service, "GET", "/overlap?user_id_2=ann", { key: bob });
      expect(byQuery.status).toBe(200);
      expect(byQuery.body).toEqual(expected);
      expect((await call(service, "GET", "/overlap/ann", { key: bob })).body).toEqual(byQuery.body);
      expect((await call(service, "POST", "/overlap", { key: bob, body: { user_id_2: "ann" } })).body).toEqual(byQuery.body);
      expect((await call(service, "GET", "/overlap?user_id_2=nobody", { key: bob })).body).toEqual({ overlap: [] });
    },
    E2E_TIMEOUT,
  );
});
