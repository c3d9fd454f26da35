export interface VersionedEntry {
  key: string;
  value: string | null; // null 表示墓碑（已删除）
  clock: number;        // Lamport 时钟
  deviceId: string;     // 写入该条记录的设备
}

/**
 * 收到对端时钟后更新本地时钟：max(local, received) + 1。
 */
export function lamportTick(local: number, received: number): number {
  // TODO: 校验参数，返回新的本地时钟
  return local;
}

/**
 * 合并两个副本，对每个 key 按“时钟大者胜、时钟相同 deviceId 大者胜”选出胜者。
 */
export function mergeReplicas(local: VersionedEntry[], remote: VersionedEntry[]): VersionedEntry[] {
  // TODO: 校验、去重检查、逐 key 选胜者、按 key 升序返回
  return local;
}
