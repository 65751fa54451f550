import { findUser } from "../data/users-repo.js";
import { badRequest } from "../http/errors.js";
import type { RouteResult } from "../http/handler.js";
import { isoUtc } from "../time/iso.js";
import { readSchedule } from "./availability-service.js";
import { findOverlap } from "./overlap-service.js";

const DAY = 86_400_000;
/** How far ahead the seed's overlap looks for rules (it has no window parameter)... */
const RULES_HORIZON = 366 * DAY;
/** ...and at most, so that explicit intervals years ahead still count. */
const MAX_HORIZON = 3650 * DAY;

/** The seed's overlap: when the caller and the other user are both free from now on; unknown other → []. */
export async function seedOverlap(callerId: string, otherId: string | undefined, now: number): Promise<RouteResult> {
  if (!otherId) throw badRequest("Give user_id_2, as a query, a path segment or a JSON body");
  if (!(await findUser(otherId))) return { status: 200, body: { overlap: [] } };
  const schedules = await Promise.all([readSchedule(callerId), readSchedule(otherId)]);
  const lastIntervalEnd = Math.max(0, ...schedules.flatMap((s) => (s.availability.intervals ?? []).map((i) => i.end)));
  const end = Math.min(now + MAX_HORIZON, Math.max(now + RULES_HORIZON, lastIntervalEnd));
  const { common } = await findOverlap({ userIds: [callerId, otherId], range: { start: now, end }, now });
  return { status: 200, body: { overlap: common.map((i) => ({ start_time: isoUtc(i.start), end_time: isoUtc(i.end) })) } };
}
