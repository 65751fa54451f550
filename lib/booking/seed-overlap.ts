import type { Interval } from "../engine/index.js";
import { DomainError, invalid } from "../errors.js";
import { isoUtc } from "../time/iso.js";
import { findOverlap } from "./overlap-service.js";
import type { HttpAnswer } from "./present.js";

const DAY = 86_400_000;
/** How far ahead the seed's overlap looks for rules (it has no window parameter)... */
const RULES_HORIZON = 366 * DAY;
/** ...and at most, so that explicit intervals years ahead still count. */
const MAX_HORIZON = 3650 * DAY;

/** The seed's overlap: when the caller and the other user are both free from now on; unknown other → []. */
export async function seedOverlap(callerId: string, otherId: string | undefined, now: number): Promise<HttpAnswer> {
  if (!otherId) throw invalid("Give user_id_2, as a query, a path segment or a JSON body");
  const range = (schedules: ({ availability: { intervals?: readonly Interval[] } } | undefined)[]): Interval => {
    const lastIntervalEnd = Math.max(0, ...schedules.flatMap((s) => (s?.availability.intervals ?? []).map((i) => i.end)));
    return { start: now, end: Math.min(now + MAX_HORIZON, Math.max(now + RULES_HORIZON, lastIntervalEnd)) };
  };
  let common: Interval[];
  try {
    ({ common } = await findOverlap({ userIds: [callerId, otherId], range, now }));
  } catch (error) {
    // The caller exists (their key was checked); an unknown other user overlaps nobody (API.md).
    if (error instanceof DomainError && error.code === "user_not_found") return { status: 200, body: { overlap: [] } };
    throw error;
  }
  return { status: 200, body: { overlap: common.map((i) => ({ start_time: isoUtc(i.start), end_time: isoUtc(i.end) })) } };
}
