import {
  MAX_INTERVALS,
  availabilityBetween,
  normalize,
  overlappingDateRules,
  type AvailabilitySpec,
  type DateRule,
  type Interval,
  type SlotSettings,
} from "../engine/index.js";
import { saveSchedule, VersionConflictError, type ScheduleRecord } from "../data/schedules-repo.js";
import { conflict, invalid } from "../errors.js";
import { isoUtc } from "../time/iso.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { ownerHeads } from "./snapshot.js";

const MAX_ATTEMPTS = 10;

/**
 * Lets the engine compile the rules once before they are stored, so a schedule that cannot be expanded
 * is refused with a 400 now rather than failing every later search.
 */
function compileCheck(availability: AvailabilitySpec): void {
  if ((availability.intervals?.length ?? 0) > MAX_INTERVALS || (availability.blackouts?.length ?? 0) > MAX_INTERVALS) {
    throw invalid(`At most ${MAX_INTERVALS} intervals and ${MAX_INTERVALS} blackouts`);
  }
  availabilityBetween(availability, { start: 0, end: 1 });
}

/** Replaces an owner's availability and settings wholesale (bumping the schedule version). */
export async function putAvailability(
  ownerId: string,
  availability: AvailabilitySpec,
  settings: SlotSettings,
  now: number,
): Promise<ScheduleRecord> {
  compileCheck(availability);
  const version = await saveSchedule(ownerId, { availability, settings, updatedAt: isoUtc(now) }, "any");
  return { version, availability, settings, updatedAt: isoUtc(now) };
}

/** The owner's schedule, or an empty one in their zone. */
export async function readSchedule(ownerId: string): Promise<ScheduleRecord> {
  const heads = await ownerHeads(ownerId);
  return heads.schedule ?? { version: 0, availability: { zone: heads.user.timezone }, settings: DEFAULT_SETTINGS };
}

/**
 * Read-modify-write of the schedule under the version check: `change` sees the current schedule and
 * returns the new availability; a concurrent change makes it run again on fresh data.
 */
export async function changeAvailability(
  ownerId: string,
  now: number,
  change: (current: ScheduleRecord) => AvailabilitySpec,
): Promise<ScheduleRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readSchedule(ownerId);
    const availability = change(current);
    compileCheck(availability);
    try {
      const version = await saveSchedule(ownerId, { availability, settings: current.settings, updatedAt: isoUtc(now) }, current.version);
      return { version, availability, settings: current.settings, updatedAt: isoUtc(now) };
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw conflict("The owner's schedule is changing too fast; try again", "schedule_contention");
}

/** The seed's rule check: no new rule may overlap an existing one or another new one (touching is fine). */
export function addDateRules(current: ScheduleRecord, rules: DateRule[]): AvailabilitySpec {
  const existing = current.availability.dateRules ?? [];
  const all = [...existing, ...rules];
  const clashes = overlappingDateRules(all).filter(([, j]) => j >= existing.length);
  if (clashes.length > 0) {
    const [i, j] = clashes[0]!;
    const describe = (rule: DateRule) => `${rule.from}..${rule.to} ${rule.start}-${rule.end}`;
    throw invalid(`Rule ${describe(all[j]!)} overlaps ${i < existing.length ? "existing rule" : "rule"} ${describe(all[i]!)}`, "bad_request", {
      overlaps: clashes.map(([a, b]) => ({ rule: describe(all[b]!), with: describe(all[a]!) })),
    });
  }
  return { ...current.availability, dateRules: all };
}

/** The seed's interval check: future, positive and with an offset (parsed already); exact duplicates ignored. */
export function addIntervals(current: ScheduleRecord, intervals: Interval[], now: number): AvailabilitySpec {
  intervals.forEach((interval, index) => {
    if (interval.start < now) throw invalid(`availability[${index}] starts in the past`);
  });
  const existing = current.availability.intervals ?? [];
  const seen = new Set(existing.map((interval) => `${interval.start}/${interval.end}`));
  const added = intervals.filter((interval) => {
    const key = `${interval.start}/${interval.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...current.availability, intervals: [...existing, ...added] };
}

/** Explicit intervals that have not ended, merged (touching ones joined) and sorted. */
export function currentIntervals(schedule: ScheduleRecord, now: number): Interval[] {
  return normalize((schedule.availability.intervals ?? []).filter((interval) => interval.end > now));
}
