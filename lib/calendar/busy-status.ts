/**
 * Whether an event blocks its owner's time.
 *
 * - STATUS:CANCELLED → cancelled (never busy).
 * - Outlook's X-MICROSOFT-CDO-BUSYSTATUS, where present and known, decides:
 *   FREE and WORKINGELSEWHERE are free (the owner is working and reachable,
 *   as Outlook's scheduling assistant treats it); BUSY, OOF and TENTATIVE are
 *   busy (a tentative meeting still holds the slot, as it does for Calendly
 *   and Google's free/busy).
 * - Otherwise TRANSP:TRANSPARENT is free; OPAQUE or no TRANSP is busy.
 */
export type Busyness = "busy" | "free" | "cancelled";

interface BusySignals {
  status?: string;
  transp?: string;
  busyStatus?: string;
}

const BUSY_STATUSES = new Set(["BUSY", "OOF", "TENTATIVE"]);
const FREE_STATUSES = new Set(["FREE", "WORKINGELSEWHERE"]);

export function busynessOf(signals: BusySignals): Busyness {
  if (normalise(signals.status) === "CANCELLED") return "cancelled";
  const busyStatus = normalise(signals.busyStatus);
  if (busyStatus !== undefined && BUSY_STATUSES.has(busyStatus)) return "busy";
  if (busyStatus !== undefined && FREE_STATUSES.has(busyStatus)) return "free";
  return normalise(signals.transp) === "TRANSPARENT" ? "free" : "busy";
}

function normalise(value: string | undefined): string | undefined {
  return value?.trim().toUpperCase();
}
