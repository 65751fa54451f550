import { conflict, forbidden, invalid, notFound, unprocessable } from "../../lib/errors.js";
import { errorResponse } from "../../lib/http/error-response.js";

describe("domain refusals as HTTP answers", () => {
  test.each([
    [invalid("bad", "invalid_cursor", { at: 1 }), 400, "invalid_cursor"],
    [forbidden("no"), 403, "forbidden"],
    [notFound("gone", "user_not_found"), 404, "user_not_found"],
    [conflict("taken", "slot_taken", { reasons: [] }), 409, "slot_taken"],
    [unprocessable("not offered", "slot_not_offered"), 422, "slot_not_offered"],
  ])("%s → %i", (error, status, code) => {
    const response = errorResponse(error);
    expect(response.statusCode).toBe(status);
    const body = JSON.parse(String((response as { body?: string }).body));
    expect(body).toMatchObject({ code, error: error.message });
    expect(body.details).toEqual(error.details);
  });
});
