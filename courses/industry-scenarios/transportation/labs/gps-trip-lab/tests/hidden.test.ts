import { describe, it, expect } from '@ohos/hypium';
import { haversineKm, segmentTrips, GpsPoint, Trip } from './main';

function p(t: number, lat: number, lon: number): GpsPoint {
  return { t: t, lat: lat, lon: lon };
}

export default function gpsTripHiddenTest() {
  describe('gps-trip hidden', () => {
    it('fewer than two points gives no trip', 0, () => {
      expect(segmentTrips([], 5, 60).length).assertEqual(0);
      expect(segmentTrips([p(0, 30, 120)], 5, 60).length).assertEqual(0);
    });
    it('a short stop at a red light does not split the trip', 0, () => {
      const pts: GpsPoint[] = [p(0, 0, 0), p(60, 0.01, 0), p(120, 0.01, 0), p(180, 0.02, 0)];
      const trips: Trip[] = segmentTrips(pts, 5, 300);
      expect(trips.length).assertEqual(1);
      expect(trips[0].startT).assertEqual(0);
      expect(trips[0].endT).assertEqual(180);
      expect(trips[0].pointCount).assertEqual(4);
      expect(trips[0].distanceKm).assertClose(2.2238985, 1e-6);
    });
    it('a parked vehicle produces no trip', 0, () => {
      const pts: GpsPoint[] = [p(0, 31.2, 121.5), p(100, 31.2, 121.5), p(200, 31.20001, 121.5), p(300, 31.2, 121.5)];
      expect(segmentTrips(pts, 5, 120).length).assertEqual(0);
    });
    it('a dwell exactly as long as the minimum counts', 0, () => {
      const pts: GpsPoint[] = [p(0, 0, 0), p(60, 0.01, 0), p(120, 0.01, 0), p(180, 0.01, 0), p(240, 0.02, 0)];
      const trips: Trip[] = segmentTrips(pts, 5, 120);
      expect(trips.length).assertEqual(2);
      expect(trips[0].endT).assertEqual(60);
      expect(trips[1].startT).assertEqual(180);
    });
    it('dwells at both ends leave one trip in the middle', 0, () => {
      const pts: GpsPoint[] = [
        p(0, 0, 0), p(100, 0, 0), p(200, 0, 0),
        p(260, 0.01, 0), p(320, 0.02, 0), p(380, 0.03, 0),
        p(480, 0.03, 0), p(580, 0.03, 0)
      ];
      const trips: Trip[] = segmentTrips(pts, 5, 150);
      expect(trips.length).assertEqual(1);
      expect(trips[0].startT).assertEqual(200);
      expect(trips[0].endT).assertEqual(380);
      expect(trips[0].pointCount).assertEqual(4);
      expect(trips[0].distanceKm).assertClose(3.3358478, 1e-6);
    });
    it('rejects timestamps that do not increase', 0, () => {
      expect(() => {
        segmentTrips([p(0, 0, 0), p(60, 0.01, 0), p(60, 0.02, 0)], 5, 60);
      }).assertThrowError('timestamps must increase');
    });
    it('rejects invalid coordinates', 0, () => {
      expect(() => {
        haversineKm(p(0, 91, 0), p(0, 0, 0));
      }).assertThrowError('invalid coordinate');
      expect(() => {
        segmentTrips([p(0, 0, 0), p(60, 0, 180.5)], 5, 60);
      }).assertThrowError('invalid coordinate');
    });
    it('antipodal points give half the circumference, not NaN', 0, () => {
      expect(haversineKm(p(0, 0, 0), p(0, 0, 180))).assertClose(20015.0867960, 1e-6);
      expect(haversineKm(p(0, 90, 0), p(0, -90, 0))).assertClose(20015.0867960, 1e-6);
    });
    it('crossing the antimeridian is a short hop', 0, () => {
      expect(haversineKm(p(0, 0, 179.9995), p(0, 0, -179.9995))).assertClose(0.1111949, 1e-6);
    });
    it('a long shift with many stops', 0, () => {
      const pts: GpsPoint[] = [];
      let t: number = 0;
      let lat: number = 0;
      for (let block = 0; block < 20; block++) {
        for (let i = 0; i < 10; i++) {
          pts.push(p(t, lat, 10));
          t += 30;
          lat += 0.005;
        }
        for (let i = 0; i < 10; i++) {
          pts.push(p(t, lat, 10));
          t += 30;
        }
      }
      pts.push(p(t, lat, 10));
      const trips: Trip[] = segmentTrips(pts, 3, 240);
      expect(trips.length).assertEqual(20);
      expect(trips[0].startT).assertEqual(0);
      expect(trips[0].endT).assertEqual(300);
      expect(trips[0].pointCount).assertEqual(11);
      expect(trips[19].startT).assertEqual(11400);
      expect(trips[19].distanceKm).assertClose(5.5597463, 1e-6);
    });
  });
}
