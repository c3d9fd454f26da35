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

function isNewer(candidate: DiscoveryEvent, current: DiscoveryEvent): boolean {
  if (candidate.timestamp !== current.timestamp) {
    return candidate.timestamp > current.timestamp;
  }
  return candidate.rssi > current.rssi;
}

function compareDevices(a: RankedDevice, b: RankedDevice): number {
  if (a.trusted !== b.trusted) {
    return a.trusted ? -1 : 1;
  }
  if (a.rssi !== b.rssi) {
    return b.rssi - a.rssi;
  }
  if (a.lastSeen !== b.lastSeen) {
    return b.lastSeen - a.lastSeen;
  }
  if (a.deviceId < b.deviceId) {
    return -1;
  }
  return a.deviceId > b.deviceId ? 1 : 0;
}

export function rankDevices(events: DiscoveryEvent[], options: RankOptions): RankedDevice[] {
  if (options.staleMs < 0) {
    throw new Error('invalid staleMs');
  }
  const latest: Map<string, DiscoveryEvent> = new Map();
  for (const ev of events) {
    if (ev.deviceId.length === 0) {
      throw new Error('invalid deviceId');
    }
    if (!Number.isInteger(ev.rssi) || ev.rssi < -127 || ev.rssi > 0) {
      throw new Error('invalid rssi');
    }
    const current = latest.get(ev.deviceId);
    if (current === undefined || isNewer(ev, current)) {
      latest.set(ev.deviceId, ev);
    }
  }
  const trustedSet: Set<string> = new Set(options.trustedIds);
  const result: RankedDevice[] = [];
  latest.forEach((ev: DiscoveryEvent) => {
    if (options.now - ev.timestamp > options.staleMs) {
      return;
    }
    const trusted = trustedSet.has(ev.deviceId);
    if (options.trustedOnly && !trusted) {
      return;
    }
    const item: RankedDevice = {
      deviceId: ev.deviceId,
      deviceName: ev.deviceName,
      rssi: ev.rssi,
      lastSeen: ev.timestamp,
      trusted: trusted
    };
    result.push(item);
  });
  result.sort(compareDevices);
  return result;
}
