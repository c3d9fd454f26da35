export interface VersionedEntry {
  key: string;
  value: string | null;
  clock: number;
  deviceId: string;
}

function isValidClock(clock: number): boolean {
  return Number.isInteger(clock) && clock >= 0;
}

export function lamportTick(local: number, received: number): number {
  if (!isValidClock(local) || !isValidClock(received)) {
    throw new Error('invalid clock');
  }
  return Math.max(local, received) + 1;
}

function indexReplica(entries: VersionedEntry[]): Map<string, VersionedEntry> {
  const index: Map<string, VersionedEntry> = new Map();
  for (const e of entries) {
    if (e.key.length === 0 || e.deviceId.length === 0 || !isValidClock(e.clock)) {
      throw new Error('invalid entry');
    }
    if (index.has(e.key)) {
      throw new Error('duplicate key');
    }
    index.set(e.key, e);
  }
  return index;
}

function pickWinner(a: VersionedEntry, b: VersionedEntry): VersionedEntry {
  if (a.clock !== b.clock) {
    return a.clock > b.clock ? a : b;
  }
  if (a.deviceId !== b.deviceId) {
    return a.deviceId > b.deviceId ? a : b;
  }
  if (a.value !== b.value) {
    throw new Error('conflicting write');
  }
  return a;
}

function copyEntry(e: VersionedEntry): VersionedEntry {
  const c: VersionedEntry = { key: e.key, value: e.value, clock: e.clock, deviceId: e.deviceId };
  return c;
}

export function mergeReplicas(local: VersionedEntry[], remote: VersionedEntry[]): VersionedEntry[] {
  const a = indexReplica(local);
  const b = indexReplica(remote);
  const result: VersionedEntry[] = [];
  a.forEach((entry: VersionedEntry, key: string) => {
    const other = b.get(key);
    result.push(copyEntry(other === undefined ? entry : pickWinner(entry, other)));
  });
  b.forEach((entry: VersionedEntry, key: string) => {
    if (!a.has(key)) {
      result.push(copyEntry(entry));
    }
  });
  result.sort((x: VersionedEntry, y: VersionedEntry): number => {
    if (x.key < y.key) {
      return -1;
    }
    return x.key > y.key ? 1 : 0;
  });
  return result;
}
