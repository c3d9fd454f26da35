export enum OverflowPolicy {
  OVERWRITE = 0,
  REJECT = 1
}

export interface BufferStats {
  pushed: number;
  rejected: number;
  overwritten: number;
  popped: number;
  highWater: number;
}

export class RingBuffer<T> {
  private readonly slots: Array<T | undefined> = [];
  private readonly cap: number;
  private readonly policy: OverflowPolicy;
  private head: number = 0;   // index of the oldest item
  private count: number = 0;
  private pushedCount: number = 0;
  private rejectedCount: number = 0;
  private overwrittenCount: number = 0;
  private poppedCount: number = 0;
  private highWaterMark: number = 0;

  constructor(capacity: number, policy: OverflowPolicy) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1000000) {
      throw new Error('invalid capacity');
    }
    this.cap = capacity;
    this.policy = policy;
    for (let i = 0; i < capacity; i++) {
      this.slots.push(undefined);
    }
  }

  push(item: T): boolean {
    if (this.count === this.cap) {
      if (this.policy === OverflowPolicy.REJECT) {
        this.rejectedCount++;
        return false;
      }
      this.slots[this.head] = item;
      this.head = (this.head + 1) % this.cap;
      this.overwrittenCount++;
      this.pushedCount++;
      return true;
    }
    this.slots[(this.head + this.count) % this.cap] = item;
    this.count++;
    this.pushedCount++;
    if (this.count > this.highWaterMark) {
      this.highWaterMark = this.count;
    }
    return true;
  }

  pop(): T | undefined {
    if (this.count === 0) {
      return undefined;
    }
    const item: T | undefined = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.cap;
    this.count--;
    this.poppedCount++;
    return item;
  }

  peek(): T | undefined {
    if (this.count === 0) {
      return undefined;
    }
    return this.slots[this.head];
  }

  size(): number {
    return this.count;
  }

  getCapacity(): number {
    return this.cap;
  }

  isEmpty(): boolean {
    return this.count === 0;
  }

  isFull(): boolean {
    return this.count === this.cap;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      out.push(this.slots[(this.head + i) % this.cap] as T);
    }
    return out;
  }

  clear(): void {
    for (let i = 0; i < this.cap; i++) {
      this.slots[i] = undefined;
    }
    this.head = 0;
    this.count = 0;
  }

  stats(): BufferStats {
    return {
      pushed: this.pushedCount,
      rejected: this.rejectedCount,
      overwritten: this.overwrittenCount,
      popped: this.poppedCount,
      highWater: this.highWaterMark
    };
  }
}
