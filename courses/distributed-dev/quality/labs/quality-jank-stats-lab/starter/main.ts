export interface FrameStats {
  intervals: number;     // 帧间隔个数 = 时间戳个数 - 1
  jankFrames: number;    // 至少丢了 1 帧的间隔个数
  droppedFrames: number; // 丢帧总数
  maxFrameMs: number;    // 最大帧间隔（保留 2 位小数）
  p95FrameMs: number;    // 帧间隔的 95 分位（最近秩法，保留 2 位小数）
  avgFps: number;        // 平均帧率（保留 1 位小数）
}

export function analyzeFrames(timestampsMs: number[], refreshHz: number): FrameStats {
  // TODO: 校验参数；计算每个帧间隔的丢帧数；统计最大值、p95 和平均帧率
  const stats: FrameStats = { intervals: 0, jankFrames: 0, droppedFrames: 0, maxFrameMs: 0, p95FrameMs: 0, avgFps: 0 };
  return stats;
}
