export interface Calibration {
  gain: number;
  offset: number;
}

/**
 * 由两个参考点求线性标定系数：ref = gain * raw + offset。
 * Computes linear calibration coefficients from two reference points.
 */
export function twoPointCalibration(rawLow: number, refLow: number, rawHigh: number, refHigh: number): Calibration {
  // TODO: 校验参数，计算 gain 与 offset
  return { gain: 1, offset: 0 };
}

/**
 * 滑动中值滤波，只输出完整窗口的位置。
 * Moving median over full windows only.
 */
export function movingMedian(values: number[], window: number): number[] {
  // TODO: 校验窗口，逐个窗口求中位数
  return [];
}

/**
 * 丢弃非有限样本 → 标定 → 滑动中值。
 * Drop non-finite samples, apply calibration, then the moving median.
 */
export function calibrateStream(raw: number[], cal: Calibration, window: number): number[] {
  // TODO: 组合上面两个函数
  return [];
}
