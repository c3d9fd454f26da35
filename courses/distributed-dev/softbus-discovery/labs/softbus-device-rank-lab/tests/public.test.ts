import { describe, it, expect } from '@ohos/hypium';
import { rankDevices, DiscoveryEvent, RankOptions, RankedDevice } from './main';

function ev(deviceId: string, deviceName: string, rssi: number, timestamp: number): DiscoveryEvent {
  const e: DiscoveryEvent = { deviceId: deviceId, deviceName: deviceName, rssi: rssi, timestamp: timestamp };
  return e;
}

function opts(now: number, staleMs: number, trustedIds: string[], trustedOnly: boolean): RankOptions {
  const o: RankOptions = { now: now, staleMs: staleMs, trustedIds: trustedIds, trustedOnly: trustedOnly };
  return o;
}

function dev(deviceId: string, deviceName: string, rssi: number, lastSeen: number, trusted: boolean): RankedDevice {
  const d: RankedDevice = { deviceId: deviceId, deviceName: deviceName, rssi: rssi, lastSeen: lastSeen, trusted: trusted };
  return d;
}

export default function rankDevicesPublicTest() {
  describe('rankDevices (public)', () => {
    it('statement example', 0, () => {
      const events: DiscoveryEvent[] = [
        ev('A', 'Pad', -60, 1000),
        ev('B', 'TV', -40, 1500),
        ev('A', 'Pad Pro', -55, 2000),
        ev('C', 'Watch', -70, 500),
        ev('D', 'Speaker', -30, 1900)
      ];
      const result = rankDevices(events, opts(2500, 1500, ['A'], false));
      expect(result).assertDeepEquals([
        dev('A', 'Pad Pro', -55, 2000, true),
        dev('D', 'Speaker', -30, 1900, false),
        dev('B', 'TV', -40, 1500, false)
      ]);
    });

    it('empty input gives empty list', 0, () => {
      expect(rankDevices([], opts(0, 1000, [], false))).assertDeepEquals([]);
    });

    it('trustedOnly keeps only trusted devices', 0, () => {
      const events: DiscoveryEvent[] = [ev('X', 'Phone', -50, 100), ev('Y', 'Car', -20, 100)];
      const result = rankDevices(events, opts(100, 0, ['X'], true));
      expect(result).assertDeepEquals([dev('X', 'Phone', -50, 100, true)]);
    });

    it('rejects rssi outside [-127, 0]', 0, () => {
      expect(() => rankDevices([ev('A', 'Pad', 3, 10)], opts(10, 100, [], false))).assertThrowError('invalid rssi');
    });
  });
}
