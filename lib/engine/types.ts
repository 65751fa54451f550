/**
 * Shared vocabulary of the scheduling engine.
 *
 * Instants are epoch milliseconds (UTC). Wall-clock concepts (dates, times of
 * day) stay strings until a zone turns them into instants.
 */

/** Milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

/** Half-open `[start, end)` span of UTC time. Empty when `end <= start`. */
export interface Interval {
  readonly start: EpochMs;
  readonly end: EpochMs;
}

/** A calendar date `YYYY-MM-DD`, read in some zone. */
export type LocalDate = string;

/** A time of day `HH:MM`; `24:00` is allowed only as the end of a window. */
export type LocalTime = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A daily wall-clock window. `start < end`; windows crossing midnight are rejected. */
export interface LocalWindow {
  readonly start: LocalTime;
  readonly end: LocalTime;
}

/** Recurring hours: on each of `days`, every window (local time of the owner's zone). */
export interface WeeklyRule {
  readonly days: readonly IsoWeekday[];
  readonly windows: readonly LocalWindow[];
}

/** The seed booking system's rule: every date from `from` to `to` (inclusive), `start`–`end` local. */
export interface DateRule {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly start: LocalTime;
  readonly end: LocalTime;
}

/**
 * Replaces the rule-generated hours (weekly and date rules) of one local date.
 * `windows: []` makes the date unavailable (explicit intervals still add to it).
 */
export interface DateOverride {
  readonly date: LocalDate;
  readonly windows: readonly LocalWindow[];
}

/** Everything that says when one owner can be booked. */
export interface AvailabilitySpec {
  /** IANA zone in which rules, overrides and dates are read. */
  readonly zone: string;
  readonly weekly?: readonly WeeklyRule[];
  readonly dateRules?: readonly DateRule[];
  /** Explicit UTC availability (the seed Calendly API's intervals), added to the rules. */
  readonly intervals?: readonly Interval[];
  readonly overrides?: readonly DateOverride[];
  /** Time removed from availability whatever the rules say (holidays, out of office). */
  readonly blackouts?: readonly Interval[];
}

/** Inclusive range of local dates in the owner's zone. */
export interface DateRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** An existing booking; its buffers are the ones of its own event type. */
export interface Booking extends Interval {
  readonly bufferBeforeMinutes?: number;
  readonly bufferAfterMinutes?: number;
}

/**
 * `window`: grid steps from the start of each availability window (the seed's rule).
 * `clock`: grid at multiples of the step since local midnight of the display zone.
 */
export type Alignment = "window" | "clock";

export interface SlotSettings {
  readonly durationMinutes: number;
  /** Distance between candidate starts; defaults to the duration. */
  readonly stepMinutes?: number;
  /** Defaults to `window`. */
  readonly alignment?: Alignment;
  /** Time that must be free of busy time before the slot (may lie outside availability). */
  readonly bufferBeforeMinutes?: number;
  /** Time that must be free of busy time after the slot (may lie outside availability). */
  readonly bufferAfterMinutes?: number;
  /** A slot must start at or after `now + minimumNoticeMinutes`. Defaults to 0. */
  readonly minimumNoticeMinutes?: number;
  /** Rolling horizon: a slot must start before `now + horizonDays × 24 h`. Unset = no horizon. */
  readonly horizonDays?: number;
  /** Bookings allowed per owner-local date; a date that has reached it offers nothing. */
  readonly maxPerDay?: number;
  /** Zone of the person looking at the slots; clock alignment uses it. Defaults to the owner's zone. */
  readonly displayZone?: string;
}

/** Everything `slotsFor` needs; `now` is always passed in, never read from a clock. */
export interface SlotQuery {
  readonly availability: AvailabilitySpec;
  /** Owner-local dates whose slots are wanted (a slot belongs to the date it starts on). */
  readonly dates: DateRange;
  readonly settings: SlotSettings;
  readonly now: EpochMs;
  readonly bookings?: readonly Booking[];
  readonly calendarBusy?: readonly Interval[];
  /**
   * Bookings already counted per owner-local date, for `maxPerDay`. When absent, `bookings`
   * are counted by the owner-local date on which each starts.
   */
  readonly bookingsPerDay?: Readonly<Record<LocalDate, number>>;
}

export type Slot = Interval;

/** A slot as the seed API shows it: local wall time `YYYY-MM-DDTHH:MM` in some zone. */
export interface RenderedSlot {
  readonly start: string;
  readonly end: string;
}

export type ReasonCode =
  | "wrong_duration"
  | "misaligned"
  | "outside_availability"
  | "blackout"
  | "booked"
  | "buffer_conflict"
  | "calendar_busy"
  | "in_past"
  | "too_soon"
  | "beyond_horizon"
  | "daily_limit";

/** One reason a slot is not offered, with the interval it collides with where there is one. */
export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  readonly interval?: Interval;
}

export interface Explanation {
  readonly offered: boolean;
  readonly slot: Interval;
  readonly reasons: readonly Reason[];
}
