import { queryDueUsers, type FeedUser } from "../data/users-repo.js";

interface ShardCursor {
  shard: string;
  buffer: FeedUser[];
  nextKey: Record<string, unknown> | undefined;
  exhausted: boolean;
}

/**
 * The users whose feed is due at `now`, most overdue first across all shards, read lazily a page per shard
 * at a time from the sparse index (never a scan), and at most `maxUsers` of them.
 */
export class DueUsers {
  private readonly cursors: ShardCursor[];
  private taken = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Query pages read so far. */
  pagesRead = 0;

  constructor(
    private readonly now: number,
    private readonly maxUsers: number,
    private readonly pageSize: number,
    shards: readonly string[],
  ) {
    this.cursors = shards.map((shard) => ({ shard, buffer: [], nextKey: undefined, exhausted: false }));
  }

  /** True once `maxUsers` users were handed out. */
  get shareTaken(): boolean {
    return this.taken >= this.maxUsers;
  }

  /** The next due user, or undefined when none is left (or the run's share is taken). Safe to call concurrently. */
  next(): Promise<FeedUser | undefined> {
    const result = this.queue.then(() => this.take());
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async take(): Promise<FeedUser | undefined> {
    if (this.taken >= this.maxUsers) return undefined;
    await Promise.all(this.cursors.filter((c) => c.buffer.length === 0 && !c.exhausted).map((c) => this.fill(c)));
    let best: ShardCursor | undefined;
    for (const cursor of this.cursors) {
      const head = cursor.buffer[0];
      if (head && (!best || head.calendarSync!.nextSyncAt < best.buffer[0]!.calendarSync!.nextSyncAt)) best = cursor;
    }
    if (!best) return undefined;
    this.taken++;
    return best.buffer.shift();
  }

  private async fill(cursor: ShardCursor): Promise<void> {
    // A page can come back empty with a next key (Limit counts items read); keep reading until one is not.
    while (cursor.buffer.length === 0 && !cursor.exhausted) {
      const page = await queryDueUsers(cursor.shard, this.now, Math.min(this.pageSize, this.maxUsers), cursor.nextKey);
      this.pagesRead++;
      cursor.buffer.push(...page.users.filter((user) => user.calendarSync !== null));
      cursor.nextKey = page.nextKey;
      cursor.exhausted = page.nextKey === undefined;
    }
  }
}
