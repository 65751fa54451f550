/**
 * Sets of instants as lists of half-open `[start, end)` intervals.
 *
 * A list is *normalised* when its intervals are non-empty, sorted by start, and
 * neither overlap nor touch (touching ones are joined). Every function here
 * accepts any list and returns a normalised one; the `…Normalized` variants
 * skip the O(n log n) normalisation when the caller already holds normalised
 * lists, and run in linear time. Inputs are never mutated.
 */
import type { Interval } from "./types.js";

/** Sorts (only when needed), drops empty intervals and joins overlapping or touching ones. */
export function normalize(xs: readonly Interval[]): Interval[] {
  let sorted = true;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]!.start < xs[i - 1]!.start) {
      sorted = false;
      break;
    }
  }
  const input = sorted ? xs : [...xs].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  let curStart = 0;
  let curEnd = 0;
  let open = false;
  for (const { start, end } of input) {
    if (end <= start) continue;
    if (open && start <= curEnd) {
      if (end > curEnd) curEnd = end;
    } else {
      if (open) out.push({ start: curStart, end: curEnd });
      curStart = start;
      curEnd = end;
      open = true;
    }
  }
  if (open) out.push({ start: curStart, end: curEnd });
  return out;
}

/** True when the list is already in normal form. */
export function isNormalized(xs: readonly Interval[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x.end <= x.start) return false;
    if (i > 0 && x.start <= xs[i - 1]!.end) return false;
  }
  return true;
}

/** Union of any number of lists. */
export function union(...sets: readonly (readonly Interval[])[]): Interval[] {
  if (sets.length === 2) return unionNormalized(normalize(sets[0]!), normalize(sets[1]!));
  return normalize(sets.flat());
}

/** Union of two normalised lists, by a linear merge. */
export function unionNormalized(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  let curStart = 0;
  let curEnd = 0;
  let open = false;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start) ? a[i++]! : b[j++]!;
    if (open && x.start <= curEnd) {
      if (x.end > curEnd) curEnd = x.end;
    } else {
      if (open) out.push({ start: curStart, end: curEnd });
      curStart = x.start;
      curEnd = x.end;
      open = true;
    }
  }
  if (open) out.push({ start: curStart, end: curEnd });
  return out;
}

/** Instants in both lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return intersectNormalized(normalize(a), normalize(b));
}

/** Intersection of two normalised lists, by a linear sweep. */
export function intersectNormalized(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = x.start > y.start ? x.start : y.start;
    const end = x.end < y.end ? x.end : y.end;
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/** Instants in every list (N-way intersection; no lists gives nothing). */
export function intersectAll(sets: readonly (readonly Interval[])[]): Interval[] {
  if (sets.length === 0) return [];
  let acc = normalize(sets[0]!);
  for (let k = 1; k < sets.length && acc.length > 0; k++) acc = intersectNormalized(acc, normalize(sets[k]!));
  return acc;
}

/** Instants of `a` not in `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return subtractNormalized(normalize(a), normalize(b));
}

/** `a` minus `b` for normalised lists, by a linear sweep. */
export function subtractNormalized(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let start = x.start;
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    while (k < b.length && b[k]!.start < x.end) {
      const y = b[k]!;
      if (y.start > start) out.push({ start, end: y.start });
      if (y.end > start) start = y.end;
      if (start >= x.end) break;
      k++;
    }
    if (start < x.end) out.push({ start, end: x.end });
  }
  return out;
}

/** The part of a normalised list inside `range`. */
export function clip(set: readonly Interval[], range: Interval): Interval[] {
  const out: Interval[] = [];
  for (let i = firstEndingAfter(set, range.start); i < set.length; i++) {
    const x = set[i]!;
    if (x.start >= range.end) break;
    const start = x.start > range.start ? x.start : range.start;
    const end = x.end < range.end ? x.end : range.end;
    if (start < end) out.push({ start, end });
  }
  return out;
}

/** Intervals at least `minLength` ms long. */
export function atLeast(set: readonly Interval[], minLength: number): Interval[] {
  return set.filter((x) => x.end - x.start >= minLength);
}

/** Index of the first interval of a sorted list whose end is after `t` (binary search). */
export function firstEndingAfter(set: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (set[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The interval of a normalised list that contains `[start, end)` whole, if any. */
export function containing(set: readonly Interval[], span: Interval): Interval | undefined {
  const x = set[firstEndingAfter(set, span.start)];
  return x && x.start <= span.start && span.end <= x.end ? x : undefined;
}

/** Intervals of a list sorted by start *and* by end (e.g. normalised) that overlap `span`. */
export function overlapping<T extends Interval>(set: readonly T[], span: Interval): T[] {
  const out: T[] = [];
  for (let i = firstEndingAfter(set, span.start); i < set.length && set[i]!.start < span.end; i++) {
    if (set[i]!.end > set[i]!.start) out.push(set[i]!);
  }
  return out;
}

/** Sum of the lengths of a normalised list. */
export function totalLength(set: readonly Interval[]): number {
  let sum = 0;
  for (const x of set) sum += x.end - x.start;
  return sum;
}
