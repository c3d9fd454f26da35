import { describe, it, expect } from '@ohos/hypium';
import { twoPointCalibration, movingMedian, calibrateStream, Calibration } from './main';

export default function calibrationHiddenTest() {
  describe('instr-calibration hidden', () => {
    it('window 1 keeps every sample', 0, () => {
      expect(movingMedian([3, -1, 2], 1)).assertDeepEquals([3, -1, 2]);
    });
    it('too few samples gives an empty result', 0, () => {
      expect(movingMedian([1, 2], 3)).assertDeepEquals([]);
      expect(movingMedian([], 5)).assertDeepEquals([]);
    });
    it('rejects even, zero and fractional windows', 0, () => {
      expect(() => {
        movingMedian([1, 2, 3, 4], 2);
      }).assertThrowError('window must be a positive odd integer');
      expect(() => {
        movingMedian([1, 2, 3], 0);
      }).assertThrowError('window must be a positive odd integer');
      expect(() => {
        calibrateStream([1, 2, 3], { gain: 1, offset: 0 }, 2.5);
      }).assertThrowError('window must be a positive odd integer');
    });
    it('drops NaN and Infinity before filtering', 0, () => {
      const cal: Calibration = twoPointCalibration(100, 0, 200, 50);
      const raw: number[] = [100, Number.NaN, 102, Number.POSITIVE_INFINITY, 104, Number.NEGATIVE_INFINITY, 106];
      expect(calibrateStream(raw, cal, 3)).assertDeepEquals([1, 2]);
    });
    it('supports an inverted sensor (negative gain)', 0, () => {
      const cal: Calibration = twoPointCalibration(1000, 100, 3000, 0);
      expect(cal.gain).assertClose(-0.05, 1e-9);
      expect(cal.offset).assertClose(150, 1e-9);
    });
    it('rejects a non-finite calibration point', 0, () => {
      expect(() => {
        twoPointCalibration(0, Number.NaN, 10, 5);
      }).assertThrowError('invalid calibration point');
    });
    it('rejects a non-finite calibration in calibrateStream', 0, () => {
      expect(() => {
        calibrateStream([1, 2, 3], { gain: Number.NaN, offset: 0 }, 1);
      }).assertThrowError('calibration must be finite');
    });
    it('movingMedian rejects non-finite samples', 0, () => {
      expect(() => {
        movingMedian([1, Number.NaN, 3], 3);
      }).assertThrowError('invalid sample');
    });
    it('does not modify the input array', 0, () => {
      const input: number[] = [9, 1, 8, 2, 7];
      const out: number[] = movingMedian(input, 5);
      expect(out).assertDeepEquals([7]);
      expect(input).assertDeepEquals([9, 1, 8, 2, 7]);
    });
    it('removes isolated spikes in a long stream', 0, () => {
      const input: number[] = [];
      for (let i = 0; i < 600; i++) {
        input.push(i % 4 === 1 ? 1000 : 7);
      }
      const out: number[] = movingMedian(input, 3);
      expect(out.length).assertEqual(598);
      let allSeven: boolean = true;
      for (const v of out) {
        if (v !== 7) {
          allSeven = false;
        }
      }
      expect(allSeven).assertTrue();
    });
  });
}
