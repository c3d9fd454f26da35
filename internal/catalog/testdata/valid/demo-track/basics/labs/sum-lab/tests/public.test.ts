import { describe, it, expect } from '@ohos/hypium';
import { sum } from './main';

export default function sumTest() {
  describe('sum', () => {
    it('adds numbers', 0, () => {
      expect(sum([1, 2, 3])).assertEqual(6);
    });
  });
}
