/**
 * The scheduling engine: pure functions over UTC epoch-ms intervals, with no
 * I/O and no clock (`now` is always a parameter).
 */
export type * from "./types.js";
export { EngineInputError } from "./errors.js";
export {
  normalize,
  isNormalized,
  union,
  unionNormalized,
  intersect,
  intersectNormalized,
  intersectAll,
  subtract,
  subtractNormalized,
  clip,
  atLeast,
  containing,
  overlapping,
  totalLength,
} from "./intervals.js";
export { tryDayNumber, formatDay, isoWeekday, tryMinutesOfDay, windowMinutes } from "./calendar-date.js";
export { zoneClock, isValidZone, type ZoneClock } from "./zone.js";
export {
  parseInstant,
  tryParseInstant,
  parseLocalDateTime,
  tryParseLocalDateTime,
  formatLocalDateTime,
  formatOffsetDateTime,
  formatUtc,
} from "./local-time.js";
export {
  MAX_RULES,
  expandRules,
  availability,
  availabilityBetween,
  overlappingDateRules,
  type AvailabilityWindow,
} from "./availability.js";
export { blockedTime, freeTime, bookingFootprint } from "./free-time.js";
export { slotsFor, renderSlots, renderSlotsWithOffset } from "./slots.js";
export { explainSlot, type SlotRequest } from "./explain.js";
export * from "./schemas.js";
export {
  overlap,
  overlapSlots,
  cutIntoSlots,
  personFreeTime,
  type PersonSchedule,
  type OverlapOptions,
  type CutOptions,
} from "./overlap.js";
