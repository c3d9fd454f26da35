import { describe, it, expect } from '@ohos/hypium';
import { twoPointCalibration, movingMedian, calibrateStream, Calibration } from './main';

export default function calibrationPublicTest() {
  describe('instr-calibration public', () => {
    it('computes gain and offset from two points', 0, () => {
      const cal: Calibration = twoPointCalibration(400, 0, 2400, 100);
      expect(cal.gain).assertClose(0.05, 1e-9);
      expect(cal.offset).assertClose(-20, 1e-9);
    });
    it('moving median over full windows', 0, () => {
      expect(movingMedian([5, 1, 4, 2, 3], 3)).assertDeepEquals([4, 2, 3]);
    });
    it('statement example: calibrate then filter a spike', 0, () => {
      const cal: Calibration = twoPointCalibration(100, 0, 200, 50);
      expect(calibrateStream([100, 102, 500, 104, 106], cal, 3)).assertDeepEquals([1, 2, 3]);
    });
    it('rejects identical raw readings', 0, () => {
      expect(() => {
        twoPointCalibration(10, 0, 10, 5);
      }).assertThrowError('raw readings must differ');
    });
  });
}
