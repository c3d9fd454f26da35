export interface GpsPoint {
  t: number;    // 秒 / seconds
  lat: number;  // 度 / degrees
  lon: number;  // 度 / degrees
}

export interface Trip {
  startT: number;
  endT: number;
  distanceKm: number;
  pointCount: number;
}

/**
 * 两点间的大圆距离（km），地球半径取 6371 km。
 * Great-circle distance in km with an Earth radius of 6371 km.
 */
export function haversineKm(a: GpsPoint, b: GpsPoint): number {
  // TODO: 校验坐标，按 haversine 公式计算
  return 0;
}

/**
 * 按“慢速且足够久”的停留把轨迹切成行程。
 * Cuts the trace into trips at dwells (slow for long enough).
 */
export function segmentTrips(points: GpsPoint[], stopSpeedKmh: number, minDwellSec: number): Trip[] {
  // TODO: 校验参数，计算每一步的速度，找出停留，再收集行程
  return [];
}
