import type { SlotSettings } from "../engine/index.js";

/** What an owner who never chose offers: 30-minute slots stepping from each window's start. */
export const DEFAULT_SETTINGS: SlotSettings = { durationMinutes: 30 };

/** The seed booking system's fixed rule: 60-minute slots stepping from each rule's start. */
export const SEED_SETTINGS: SlotSettings = { durationMinutes: 60, stepMinutes: 60, alignment: "window" };

/** Bookings read around a range: enough to see any booking (≤ 24 h) whose buffers (≤ 24 h each) reach into it. */
export const LOOK_BEHIND_MS = 3 * 24 * 3_600_000;
export const LOOK_AHEAD_MS = 2 * 24 * 3_600_000;

/** Longest window a slot search or listing may cover. */
export const MAX_WINDOW_DAYS = 366;
