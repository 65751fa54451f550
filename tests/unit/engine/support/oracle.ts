/**
 * Brute-force model of the engine on a minute grid, written without the
 * engine's code: sets are boolean arrays, one cell per minute.
 */
import type { Interval } from "../../../../lib/engine/types.js";

/** A set of integer points `[lo, hi)`, one boolean per point. */
export class Bitmap {
  readonly bits: Uint8Array;
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {
    this.bits = new Uint8Array(hi - lo);
  }

  static of(lo: number, hi: number, xs: readonly Interval[]): Bitmap {
    const b = new Bitmap(lo, hi);
    for (const x of xs) b.fill(x.start, x.end, 1);
    return b;
  }

  fill(start: number, end: number, v: 0 | 1): void {
    const a = Math.max(start, this.lo);
    const b = Math.min(end, this.hi);
    if (a < b) this.bits.fill(v, a - this.lo, b - this.lo);
  }

  has(p: number): boolean {
    return p >= this.lo && p < this.hi && this.bits[p - this.lo] === 1;
  }

  map2(other: Bitmap, f: (a: boolean, b: boolean) => boolean): Bitmap {
    const out = new Bitmap(this.lo, this.hi);
    for (let p = this.lo; p < this.hi; p++) out.bits[p - this.lo] = f(this.has(p), other.has(p)) ? 1 : 0;
    return out;
  }

  /** Maximal runs of set points, as intervals. */
  runs(): Interval[] {
    const out: Interval[] = [];
    let start: number | undefined;
    for (let p = this.lo; p <= this.hi; p++) {
      const on = p < this.hi && this.has(p);
      if (on && start === undefined) start = p;
      if (!on && start !== undefined) {
        out.push({ start, end: p });
        start = undefined;
      }
    }
    return out;
  }

  /** Whether every point of `[start, end)` is set (prefix sums would be faster; clarity wins). */
  all(start: number, end: number): boolean {
    for (let p = start; p < end; p++) if (!this.has(p)) return false;
    return true;
  }

  any(start: number, end: number): boolean {
    for (let p = start; p < end; p++) if (this.has(p)) return true;
    return false;
  }
}

/** O(1) "all set" / "none set" queries over a bitmap, through prefix counts. */
export class Counted {
  private readonly prefix: Int32Array;
  constructor(private readonly map: Bitmap) {
    this.prefix = new Int32Array(map.hi - map.lo + 1);
    for (let i = 0; i < map.bits.length; i++) this.prefix[i + 1] = this.prefix[i]! + map.bits[i]!;
  }

  count(start: number, end: number): number {
    const a = Math.min(Math.max(start, this.map.lo), this.map.hi) - this.map.lo;
    const b = Math.min(Math.max(end, this.map.lo), this.map.hi) - this.map.lo;
    return b > a ? this.prefix[b]! - this.prefix[a]! : 0;
  }

  all(start: number, end: number): boolean {
    return start >= this.map.lo && end <= this.map.hi && this.count(start, end) === end - start;
  }

  none(start: number, end: number): boolean {
    return this.count(start, end) === 0;
  }
}
