export interface DiscoveryEvent {
  deviceId: string;
  deviceName: string;
  rssi: number;
  timestamp: number;
}

export interface RankOptions {
  now: number;
  staleMs: number;
  trustedIds: string[];
  trustedOnly: boolean;
}

export interface RankedDevice {
  deviceId: string;
  deviceName: string;
  rssi: number;
  lastSeen: number;
  trusted: boolean;
}

/**
 * 合并发现事件、剔除过期设备，并按“可信优先、信号强优先、最近出现优先、deviceId 升序”排序。
 * 规则详见题目说明。
 */
export function rankDevices(events: DiscoveryEvent[], options: RankOptions): RankedDevice[] {
  // TODO: 1. 校验 options.staleMs 与每个事件的 deviceId、rssi
  // TODO: 2. 按 deviceId 合并，保留 timestamp 最大的事件（相同时保留 rssi 更大的）
  // TODO: 3. 剔除 now - lastSeen > staleMs 的设备；trustedOnly 时只保留可信设备
  // TODO: 4. 排序后返回
  return [];
}
