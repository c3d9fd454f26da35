import { describe, it, expect } from '@ohos/hypium';
import { RingBuffer, OverflowPolicy, BufferStats } from './main';

interface Sample {
  t: number;
  v: number;
}

export default function ringBufferHiddenTest() {
  describe('ring-buffer hidden', () => {
    it('empty buffer returns undefined and counts nothing', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(2, OverflowPolicy.REJECT);
      expect(rb.pop()).assertUndefined();
      expect(rb.peek()).assertUndefined();
      expect(rb.stats().popped).assertEqual(0);
    });
    it('wraps around the end of the storage', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(4, OverflowPolicy.REJECT);
      rb.push(1);
      rb.push(2);
      rb.push(3);
      rb.pop();
      rb.pop();
      rb.push(4);
      rb.push(5);
      rb.push(6);
      expect(rb.toArray()).assertDeepEquals([3, 4, 5, 6]);
      expect(rb.isFull()).assertTrue();
      expect(rb.peek()).assertEqual(3);
      const order: number[] = [];
      while (!rb.isEmpty()) {
        order.push(rb.pop() as number);
      }
      expect(order).assertDeepEquals([3, 4, 5, 6]);
    });
    it('size, capacity, isEmpty and isFull follow the contents', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(2, OverflowPolicy.OVERWRITE);
      expect(rb.getCapacity()).assertEqual(2);
      expect(rb.isEmpty()).assertTrue();
      rb.push(7);
      expect(rb.size()).assertEqual(1);
      expect(rb.isEmpty()).assertFalse();
      expect(rb.isFull()).assertFalse();
      rb.push(8);
      rb.push(9);
      expect(rb.size()).assertEqual(2);
      expect(rb.isFull()).assertTrue();
    });
    it('high water mark remembers the peak', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(5, OverflowPolicy.REJECT);
      rb.push(1);
      rb.push(2);
      rb.push(3);
      rb.pop();
      rb.pop();
      rb.pop();
      rb.push(4);
      expect(rb.size()).assertEqual(1);
      expect(rb.stats()).assertDeepEquals({ pushed: 4, rejected: 0, overwritten: 0, popped: 3, highWater: 3 });
    });
    it('clear empties the buffer but keeps lifetime counters', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(3, OverflowPolicy.OVERWRITE);
      rb.push(1);
      rb.push(2);
      rb.push(3);
      rb.push(4);
      rb.clear();
      expect(rb.size()).assertEqual(0);
      expect(rb.toArray()).assertDeepEquals([]);
      expect(rb.stats()).assertDeepEquals({ pushed: 4, rejected: 0, overwritten: 1, popped: 0, highWater: 3 });
      rb.push(10);
      expect(rb.toArray()).assertDeepEquals([10]);
      expect(rb.peek()).assertEqual(10);
    });
    it('stats and toArray return copies', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(3, OverflowPolicy.REJECT);
      rb.push(1);
      const s: BufferStats = rb.stats();
      s.pushed = 99;
      const arr: number[] = rb.toArray();
      arr.push(42);
      expect(rb.stats().pushed).assertEqual(1);
      expect(rb.toArray()).assertDeepEquals([1]);
    });
    it('rejects negative, fractional and NaN capacities', 0, () => {
      expect(() => {
        new RingBuffer<number>(-1, OverflowPolicy.REJECT);
      }).assertThrowError('invalid capacity');
      expect(() => {
        new RingBuffer<number>(2.5, OverflowPolicy.REJECT);
      }).assertThrowError('invalid capacity');
      expect(() => {
        new RingBuffer<number>(Number.NaN, OverflowPolicy.OVERWRITE);
      }).assertThrowError('invalid capacity');
    });
    it('capacity one with both policies', 0, () => {
      const ow: RingBuffer<string> = new RingBuffer<string>(1, OverflowPolicy.OVERWRITE);
      ow.push('x');
      ow.push('y');
      expect(ow.toArray()).assertDeepEquals(['y']);
      expect(ow.stats().overwritten).assertEqual(1);
      const rj: RingBuffer<string> = new RingBuffer<string>(1, OverflowPolicy.REJECT);
      rj.push('x');
      expect(rj.push('y')).assertFalse();
      expect(rj.pop()).assertEqual('x');
      expect(rj.push('z')).assertTrue();
      expect(rj.toArray()).assertDeepEquals(['z']);
    });
    it('stores objects and returns the same references', 0, () => {
      const rb: RingBuffer<Sample> = new RingBuffer<Sample>(2, OverflowPolicy.OVERWRITE);
      const a: Sample = { t: 1, v: 10 };
      const b: Sample = { t: 2, v: 20 };
      const c: Sample = { t: 3, v: 30 };
      rb.push(a);
      rb.push(b);
      rb.push(c);
      expect(rb.peek() === b).assertTrue();
      expect(rb.toArray()[1] === c).assertTrue();
    });
    it('survives a long overwrite run', 0, () => {
      const rb: RingBuffer<number> = new RingBuffer<number>(100, OverflowPolicy.OVERWRITE);
      for (let i = 0; i < 5000; i++) {
        rb.push(i);
      }
      const arr: number[] = rb.toArray();
      expect(arr.length).assertEqual(100);
      expect(arr[0]).assertEqual(4900);
      expect(arr[99]).assertEqual(4999);
      expect(rb.stats()).assertDeepEquals({ pushed: 5000, rejected: 0, overwritten: 4900, popped: 0, highWater: 100 });
    });
  });
}
