import { describe, it, expect } from '@ohos/hypium';
import { analyzeFrames, FrameStats } from './main';

function stats(intervals: number, jankFrames: number, droppedFrames: number, maxFrameMs: number, p95FrameMs: number, avgFps: number): FrameStats {
  const s: FrameStats = { intervals: intervals, jankFrames: jankFrames, droppedFrames: droppedFrames, maxFrameMs: maxFrameMs, p95FrameMs: p95FrameMs, avgFps: avgFps };
  return s;
}

export default function jankPublicTest() {
  describe('analyzeFrames (public)', () => {
    it('statement example at 60 Hz', 0, () => {
      const ts: number[] = [0, 17, 33, 50, 100, 117, 133, 183, 200];
      expect(analyzeFrames(ts, 60)).assertDeepEquals(stats(8, 2, 4, 50, 50, 40));
    });

    it('smooth 60 Hz stream has no jank', 0, () => {
      const ts: number[] = [1000, 1016.7, 1033.3, 1050, 1066.7];
      const r = analyzeFrames(ts, 60);
      expect(r.jankFrames).assertEqual(0);
      expect(r.droppedFrames).assertEqual(0);
      expect(r.avgFps).assertEqual(60);
    });

    it('fewer than two timestamps gives all zeros', 0, () => {
      expect(analyzeFrames([42], 120)).assertDeepEquals(stats(0, 0, 0, 0, 0, 0));
    });

    it('non-increasing timestamps throw', 0, () => {
      expect(() => analyzeFrames([0, 16, 16, 32], 60)).assertThrowError('timestamps must increase');
    });
  });
}
