import { describe, it, expect } from '@ohos/hypium';
import { haversineKm, segmentTrips, GpsPoint, Trip } from './main';

function p(t: number, lat: number, lon: number): GpsPoint {
  return { t: t, lat: lat, lon: lon };
}

export default function gpsTripPublicTest() {
  describe('gps-trip public', () => {
    it('one degree of longitude on the equator', 0, () => {
      expect(haversineKm(p(0, 0, 0), p(0, 0, 1))).assertClose(111.1949266, 1e-6);
    });
    it('Beijing to Shanghai', 0, () => {
      expect(haversineKm(p(0, 39.9042, 116.4074), p(0, 31.2304, 121.4737))).assertClose(1067.3101709, 1e-6);
    });
    it('statement example: two trips around one dwell', 0, () => {
      const pts: GpsPoint[] = [
        p(0, 0, 0), p(60, 0.01, 0), p(120, 0.02, 0),
        p(180, 0.02, 0), p(240, 0.02, 0), p(300, 0.02, 0), p(360, 0.02, 0),
        p(420, 0.03, 0), p(480, 0.04, 0)
      ];
      const trips: Trip[] = segmentTrips(pts, 5, 180);
      expect(trips.length).assertEqual(2);
      expect(trips[0].startT).assertEqual(0);
      expect(trips[0].endT).assertEqual(120);
      expect(trips[0].pointCount).assertEqual(3);
      expect(trips[0].distanceKm).assertClose(2.2238985, 1e-6);
      expect(trips[1].startT).assertEqual(360);
      expect(trips[1].endT).assertEqual(480);
      expect(trips[1].pointCount).assertEqual(3);
      expect(trips[1].distanceKm).assertClose(2.2238985, 1e-6);
    });
    it('rejects a non-positive threshold', 0, () => {
      expect(() => {
        segmentTrips([p(0, 0, 0), p(60, 0.01, 0)], 0, 180);
      }).assertThrowError('invalid threshold');
    });
  });
}
