import { findUser } from "../data/users-repo.js";
import { badRequest } from "../http/errors.js";
import type { RouteResult } from "../http/handler.js";
import { isoUtc } from "../time/iso.js";
import { findOverlap } from "./overlap-service.js";

/** How far ahead the seed's overlap looks (it has no window parameter). */
const SEED_OVERLAP_DAYS = 366;

/** The seed's overlap: when the caller and the other user are both free from now on; unknown other → []. */
export async function seedOverlap(callerId: string, otherId: string | undefined, now: number): Promise<RouteResult> {
  if (!otherId) throw badRequest("Give user_id_2, as a query, a path segment or a JSON body");
  if (!(await findUser(otherId))) return { status: 200, body: { overlap: [] } };
  const { common } = await findOverlap({
    userIds: [callerId, otherId],
    range: { start: now, end: now + SEED_OVERLAP_DAYS * 86_400_000 },
    now,
  });
  return { status: 200, body: { overlap: common.map((i) => ({ start_time: isoUtc(i.start), end_time: isoUtc(i.end) })) } };
}
