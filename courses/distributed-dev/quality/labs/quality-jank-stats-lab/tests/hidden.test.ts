import { describe, it, expect } from '@ohos/hypium';
import { analyzeFrames, FrameStats } from './main';

function stats(intervals: number, jankFrames: number, droppedFrames: number, maxFrameMs: number, p95FrameMs: number, avgFps: number): FrameStats {
  const s: FrameStats = { intervals: intervals, jankFrames: jankFrames, droppedFrames: droppedFrames, maxFrameMs: maxFrameMs, p95FrameMs: p95FrameMs, avgFps: avgFps };
  return s;
}

export default function jankHiddenTest() {
  describe('analyzeFrames (hidden)', () => {
    it('the same gap drops more frames at 120 Hz', 0, () => {
      const ts: number[] = [0, 40];
      expect(analyzeFrames(ts, 60)).assertDeepEquals(stats(1, 1, 1, 40, 40, 25));
      expect(analyzeFrames(ts, 120)).assertDeepEquals(stats(1, 1, 4, 40, 40, 25));
    });

    it('120 Hz stream with one long frame', 0, () => {
      const ts: number[] = [0, 8, 17, 25, 33, 58, 67];
      expect(analyzeFrames(ts, 120)).assertDeepEquals(stats(6, 1, 2, 25, 25, 89.6));
    });

    it('intervals slightly over budget do not count as dropped', 0, () => {
      const ts: number[] = [0, 20, 40, 60];
      expect(analyzeFrames(ts, 60)).assertDeepEquals(stats(3, 0, 0, 20, 20, 50));
    });

    it('p95 uses the nearest-rank method', 0, () => {
      const ts: number[] = [0];
      for (let i = 1; i <= 20; i++) {
        ts.push(ts[i - 1] + (i === 7 ? 100 : i));
      }
      const r = analyzeFrames(ts, 60);
      expect(r.intervals).assertEqual(20);
      expect(r.p95FrameMs).assertEqual(20);
      expect(r.maxFrameMs).assertEqual(100);
    });

    it('fractional timestamps are rounded in the output', 0, () => {
      const ts: number[] = [0, 16.666, 33.333, 83.337];
      const r = analyzeFrames(ts, 60);
      expect(r.maxFrameMs).assertEqual(50);
      expect(r.p95FrameMs).assertEqual(50);
      expect(r.droppedFrames).assertEqual(2);
      expect(r.avgFps).assertEqual(36);
    });

    it('empty input gives all zeros', 0, () => {
      expect(analyzeFrames([], 60)).assertDeepEquals(stats(0, 0, 0, 0, 0, 0));
    });

    it('invalid refresh rate throws', 0, () => {
      expect(() => analyzeFrames([0, 16], 0)).assertThrowError('invalid refresh rate');
      expect(() => analyzeFrames([0, 16], -60)).assertThrowError('invalid refresh rate');
      expect(() => analyzeFrames([0, 16], Number.NaN)).assertThrowError('invalid refresh rate');
    });

    it('decreasing timestamps throw', 0, () => {
      expect(() => analyzeFrames([10, 5], 90)).assertThrowError('timestamps must increase');
    });

    it('does not modify the input', 0, () => {
      const ts: number[] = [0, 50, 60, 120];
      analyzeFrames(ts, 60);
      expect(ts).assertDeepEquals([0, 50, 60, 120]);
    });

    it('10 seconds of 90 Hz frames with periodic hitches', 0, () => {
      const ts: number[] = [0];
      let t = 0;
      for (let i = 1; i <= 900; i++) {
        t += (i % 100 === 0) ? 44 : 11;
        ts.push(t);
      }
      const r = analyzeFrames(ts, 90);
      expect(r.intervals).assertEqual(900);
      expect(r.jankFrames).assertEqual(9);
      expect(r.droppedFrames).assertEqual(27);
      expect(r.p95FrameMs).assertEqual(11);
      expect(r.maxFrameMs).assertEqual(44);
      expect(r.avgFps).assertEqual(88.3);
    });
  });
}
