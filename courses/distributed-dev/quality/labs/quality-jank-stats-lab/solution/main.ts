export interface FrameStats {
  intervals: number;
  jankFrames: number;
  droppedFrames: number;
  maxFrameMs: number;
  p95FrameMs: number;
  avgFps: number;
}

function round(value: number, digits: number): number {
  const factor = Math.pow(10, digits);
  return Math.round(value * factor) / factor;
}

export function analyzeFrames(timestampsMs: number[], refreshHz: number): FrameStats {
  if (!Number.isFinite(refreshHz) || refreshHz <= 0) {
    throw new Error('invalid refresh rate');
  }
  for (let i = 1; i < timestampsMs.length; i++) {
    if (!(timestampsMs[i] > timestampsMs[i - 1])) {
      throw new Error('timestamps must increase');
    }
  }
  if (timestampsMs.length < 2) {
    const empty: FrameStats = { intervals: 0, jankFrames: 0, droppedFrames: 0, maxFrameMs: 0, p95FrameMs: 0, avgFps: 0 };
    return empty;
  }
  const durations: number[] = [];
  let jank = 0;
  let dropped = 0;
  for (let i = 1; i < timestampsMs.length; i++) {
    const d = timestampsMs[i] - timestampsMs[i - 1];
    durations.push(d);
    const lost = Math.max(0, Math.round(d * refreshHz / 1000) - 1);
    if (lost > 0) {
      jank += 1;
      dropped += lost;
    }
  }
  const sorted: number[] = durations.slice().sort((a: number, b: number): number => a - b);
  const n = sorted.length;
  const rank = Math.ceil(0.95 * n);
  const p95 = sorted[rank - 1];
  const span = timestampsMs[timestampsMs.length - 1] - timestampsMs[0];
  const stats: FrameStats = {
    intervals: n,
    jankFrames: jank,
    droppedFrames: dropped,
    maxFrameMs: round(sorted[n - 1], 2),
    p95FrameMs: round(p95, 2),
    avgFps: round(n * 1000 / span, 1)
  };
  return stats;
}
