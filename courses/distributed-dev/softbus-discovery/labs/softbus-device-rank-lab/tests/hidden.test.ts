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

export default function rankDevicesHiddenTest() {
  describe('rankDevices (hidden)', () => {
    it('same timestamp keeps the stronger signal', 0, () => {
      const events: DiscoveryEvent[] = [ev('A', 'weak', -80, 500), ev('A', 'strong', -45, 500), ev('A', 'mid', -60, 500)];
      expect(rankDevices(events, opts(500, 10, [], false))).assertDeepEquals([dev('A', 'strong', -45, 500, false)]);
    });

    it('latest event wins even if its signal is weaker', 0, () => {
      const events: DiscoveryEvent[] = [ev('A', 'old', -30, 100), ev('A', 'new', -90, 200)];
      expect(rankDevices(events, opts(200, 1000, [], false))).assertDeepEquals([dev('A', 'new', -90, 200, false)]);
    });

    it('staleness boundary: exactly staleMs old is kept, older is dropped', 0, () => {
      const events: DiscoveryEvent[] = [ev('K', 'keep', -50, 1000), ev('G', 'gone', -10, 999)];
      expect(rankDevices(events, opts(2000, 1000, [], false))).assertDeepEquals([dev('K', 'keep', -50, 1000, false)]);
    });

    it('a stale device stays dropped even if trusted', 0, () => {
      const events: DiscoveryEvent[] = [ev('T', 'trusted-old', -20, 0), ev('U', 'fresh', -70, 900)];
      expect(rankDevices(events, opts(1000, 500, ['T'], false))).assertDeepEquals([dev('U', 'fresh', -70, 900, false)]);
    });

    it('ties broken by lastSeen desc then deviceId asc', 0, () => {
      const events: DiscoveryEvent[] = [
        ev('b', 'n1', -50, 100), ev('a', 'n2', -50, 100), ev('c', 'n3', -50, 300), ev('d', 'n4', -40, 50)
      ];
      const ids: string[] = rankDevices(events, opts(300, 1000, [], false)).map((d: RankedDevice) => d.deviceId);
      expect(ids).assertDeepEquals(['d', 'c', 'a', 'b']);
    });

    it('all trusted devices come before untrusted ones', 0, () => {
      const events: DiscoveryEvent[] = [
        ev('u1', 'n', -10, 10), ev('t1', 'n', -90, 10), ev('u2', 'n', -20, 10), ev('t2', 'n', -60, 10)
      ];
      const ids: string[] = rankDevices(events, opts(10, 100, ['t1', 't2', 'ghost'], false)).map((d: RankedDevice) => d.deviceId);
      expect(ids).assertDeepEquals(['t2', 't1', 'u1', 'u2']);
    });

    it('rejects empty deviceId', 0, () => {
      expect(() => rankDevices([ev('', 'x', -50, 1)], opts(1, 100, [], false))).assertThrowError('invalid deviceId');
    });

    it('rejects non-integer rssi and negative staleMs', 0, () => {
      expect(() => rankDevices([ev('A', 'x', -50.5, 1)], opts(1, 100, [], false))).assertThrowError('invalid rssi');
      expect(() => rankDevices([], opts(1, -1, [], false))).assertThrowError('invalid staleMs');
    });

    it('validates even events that would be stale', 0, () => {
      const events: DiscoveryEvent[] = [ev('A', 'ok', -50, 1000), ev('B', 'bad', -128, 0)];
      expect(() => rankDevices(events, opts(1000, 10, [], false))).assertThrowError('invalid rssi');
    });

    it('handles 300 events from 30 devices', 0, () => {
      const events: DiscoveryEvent[] = [];
      for (let i = 0; i < 300; i++) {
        const id = 'dev' + (i % 30).toString().padStart(2, '0');
        events.push(ev(id, 'n' + i.toString(), -100 + (i % 30), i));
      }
      const result = rankDevices(events, opts(299, 100, ['dev05'], false));
      expect(result.length).assertEqual(30);
      expect(result[0]).assertDeepEquals(dev('dev05', 'n275', -95, 275, true));
      expect(result[1].deviceId).assertEqual('dev29');
      expect(result[29].deviceId).assertEqual('dev00');
    });
  });
}
