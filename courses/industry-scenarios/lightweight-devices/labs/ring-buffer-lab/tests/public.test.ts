import { describe, it, expect } from '@ohos/hypium';
import { RingBuffer, OverflowPolicy, BufferStats } from './main';

export default function ringBufferPublicTest() {
  describe('ring-buffer public', () => {
    it('keeps first-in first-out order', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(3, OverflowPolicy.REJECT);
      rb.push(1);
      rb.push(2);
      rb.push(3);
      expect(rb.pop()).assertEqual(1);
      expect(rb.toArray()).assertDeepEquals([2, 3]);
    });
    it('statement example: overwrite keeps the newest items', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(3, OverflowPolicy.OVERWRITE);
      for (let i = 1; i <= 5; i++) {
        expect(rb.push(i)).assertTrue();
      }
      expect(rb.toArray()).assertDeepEquals([3, 4, 5]);
      const s: BufferStats = rb.stats();
      expect(s).assertDeepEquals({ pushed: 5, rejected: 0, overwritten: 2, popped: 0, highWater: 3 });
    });
    it('reject policy refuses new items when full', 0, () => {
      const rb: RingBuffer<string> = new RingBuffer<string>(2, OverflowPolicy.REJECT);
      expect(rb.push('a')).assertTrue();
      expect(rb.push('b')).assertTrue();
      expect(rb.push('c')).assertFalse();
      expect(rb.toArray()).assertDeepEquals(['a', 'b']);
      expect(rb.stats().rejected).assertEqual(1);
      expect(rb.stats().pushed).assertEqual(2);
    });
    it('rejects a zero capacity', 0, () => {
      expect(() => {
        new RingBuffer<number>(0, OverflowPolicy.OVERWRITE);
      }).assertThrowError('invalid capacity');
    });
  });
}
