export interface GpsPoint {
  t: number;
  lat: number;
  lon: number;
}

export interface Trip {
  startT: number;
  endT: number;
  distanceKm: number;
  pointCount: number;
}

const EARTH_RADIUS_KM: number = 6371;

function toRad(deg: number): number {
  return deg * Math.PI / 180;
}

function checkCoordinate(p: GpsPoint): void {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180) {
    throw new Error('invalid coordinate');
  }
}

export function haversineKm(a: GpsPoint, b: GpsPoint): number {
  checkCoordinate(a);
  checkCoordinate(b);
  const dLat: number = toRad(b.lat - a.lat);
  const dLon: number = toRad(b.lon - a.lon);
  const s: number = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
    Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, Math.max(0, s))));
}

export function segmentTrips(points: GpsPoint[], stopSpeedKmh: number, minDwellSec: number): Trip[] {
  if (!Number.isFinite(stopSpeedKmh) || stopSpeedKmh <= 0 || !Number.isFinite(minDwellSec) || minDwellSec <= 0) {
    throw new Error('invalid threshold');
  }
  for (let i = 0; i < points.length; i++) {
    checkCoordinate(points[i]);
    if (!Number.isFinite(points[i].t) || (i > 0 && points[i].t <= points[i - 1].t)) {
      throw new Error('timestamps must increase');
    }
  }
  const steps: number = points.length - 1;
  if (steps < 1) {
    return [];
  }
  const dist: number[] = [];
  const slow: boolean[] = [];
  for (let k = 0; k < steps; k++) {
    const d: number = haversineKm(points[k], points[k + 1]);
    const dt: number = points[k + 1].t - points[k].t;
    dist.push(d);
    slow.push(d / dt * 3600 < stopSpeedKmh);
  }
  const inDwell: boolean[] = new Array<boolean>(steps).fill(false);
  let k: number = 0;
  while (k < steps) {
    if (!slow[k]) {
      k++;
      continue;
    }
    let end: number = k;
    while (end + 1 < steps && slow[end + 1]) {
      end++;
    }
    if (points[end + 1].t - points[k].t >= minDwellSec) {
      for (let j = k; j <= end; j++) {
        inDwell[j] = true;
      }
    }
    k = end + 1;
  }
  const trips: Trip[] = [];
  k = 0;
  while (k < steps) {
    if (inDwell[k]) {
      k++;
      continue;
    }
    let end: number = k;
    let km: number = dist[k];
    while (end + 1 < steps && !inDwell[end + 1]) {
      end++;
      km += dist[end];
    }
    trips.push({ startT: points[k].t, endT: points[end + 1].t, distanceKm: km, pointCount: end - k + 2 });
    k = end + 1;
  }
  return trips;
}
