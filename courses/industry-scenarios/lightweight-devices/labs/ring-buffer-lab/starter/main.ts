export enum OverflowPolicy {
  OVERWRITE = 0,  // 满时覆盖最老的元素 / overwrite the oldest item when full
  REJECT = 1      // 满时拒绝新元素 / refuse new items when full
}

export interface BufferStats {
  pushed: number;
  rejected: number;
  overwritten: number;
  popped: number;
  highWater: number;
}

export class RingBuffer<T> {
  constructor(capacity: number, policy: OverflowPolicy) {
    // TODO: 校验容量，分配固定数量的槽位
  }

  push(item: T): boolean {
    // TODO: 未满时写入；满时按策略覆盖或拒绝，并更新统计
    return false;
  }

  pop(): T | undefined {
    // TODO: 取出最老的元素
    return undefined;
  }

  peek(): T | undefined {
    // TODO: 查看最老的元素但不取出
    return undefined;
  }

  size(): number {
    return 0;
  }

  getCapacity(): number {
    return 0;
  }

  isEmpty(): boolean {
    return true;
  }

  isFull(): boolean {
    return false;
  }

  toArray(): T[] {
    // TODO: 从最老到最新返回一个新数组
    return [];
  }

  clear(): void {
    // TODO: 清空内容，累计统计保持不变
  }

  stats(): BufferStats {
    return { pushed: 0, rejected: 0, overwritten: 0, popped: 0, highWater: 0 };
  }
}
