export interface Calibration {
  gain: number;
  offset: number;
}

export function twoPointCalibration(rawLow: number, refLow: number, rawHigh: number, refHigh: number): Calibration {
  if (!Number.isFinite(rawLow) || !Number.isFinite(refLow) || !Number.isFinite(rawHigh) || !Number.isFinite(refHigh)) {
    throw new Error('invalid calibration point');
  }
  if (rawLow === rawHigh) {
    throw new Error('raw readings must differ');
  }
  const gain: number = (refHigh - refLow) / (rawHigh - rawLow);
  const offset: number = refLow - gain * rawLow;
  return { gain: gain, offset: offset };
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new Error('window must be a positive odd integer');
  }
}

export function movingMedian(values: number[], window: number): number[] {
  checkWindow(window);
  for (const v of values) {
    if (!Number.isFinite(v)) {
      throw new Error('invalid sample');
    }
  }
  const out: number[] = [];
  const half: number = (window - 1) / 2;
  for (let start = 0; start + window <= values.length; start++) {
    const slice: number[] = values.slice(start, start + window);
    slice.sort((a: number, b: number) => a - b);
    out.push(slice[half]);
  }
  return out;
}

export function calibrateStream(raw: number[], cal: Calibration, window: number): number[] {
  checkWindow(window);
  if (!Number.isFinite(cal.gain) || !Number.isFinite(cal.offset)) {
    throw new Error('calibration must be finite');
  }
  const calibrated: number[] = [];
  for (const x of raw) {
    if (Number.isFinite(x)) {
      calibrated.push(cal.gain * x + cal.offset);
    }
  }
  return movingMedian(calibrated, window);
}
