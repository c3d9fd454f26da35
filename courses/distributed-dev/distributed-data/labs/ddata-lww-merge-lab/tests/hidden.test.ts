import { describe, it, expect } from '@ohos/hypium';
import { lamportTick, mergeReplicas, VersionedEntry } from './main';

function e(key: string, value: string | null, clock: number, deviceId: string): VersionedEntry {
  const v: VersionedEntry = { key: key, value: value, clock: clock, deviceId: deviceId };
  return v;
}

export default function lwwHiddenTest() {
  describe('LWW merge (hidden)', () => {
    it('lamportTick with equal clocks and zero', 0, () => {
      expect(lamportTick(0, 0)).assertEqual(1);
      expect(lamportTick(5, 5)).assertEqual(6);
    });

    it('lamportTick rejects negative or fractional clocks', 0, () => {
      expect(() => lamportTick(-1, 3)).assertThrowError('invalid clock');
      expect(() => lamportTick(2, 1.5)).assertThrowError('invalid clock');
    });

    it('merge is commutative', 0, () => {
      const a: VersionedEntry[] = [e('x', '1', 2, 'A'), e('y', '2', 7, 'A'), e('z', null, 3, 'A')];
      const b: VersionedEntry[] = [e('x', '9', 2, 'B'), e('y', '8', 1, 'B'), e('w', '0', 4, 'B')];
      const ab = mergeReplicas(a, b);
      expect(ab).assertDeepEquals(mergeReplicas(b, a));
      expect(ab).assertDeepEquals([e('w', '0', 4, 'B'), e('x', '9', 2, 'B'), e('y', '2', 7, 'A'), e('z', null, 3, 'A')]);
    });

    it('a newer tombstone beats an older value and is kept', 0, () => {
      const local: VersionedEntry[] = [e('note', 'hello', 10, 'phone')];
      const remote: VersionedEntry[] = [e('note', null, 11, 'watch')];
      expect(mergeReplicas(local, remote)).assertDeepEquals([e('note', null, 11, 'watch')]);
    });

    it('an older tombstone loses to a newer value', 0, () => {
      const local: VersionedEntry[] = [e('note', null, 4, 'phone')];
      const remote: VersionedEntry[] = [e('note', 'back', 5, 'watch')];
      expect(mergeReplicas(local, remote)).assertDeepEquals([e('note', 'back', 5, 'watch')]);
    });

    it('identical entries on both sides are kept once', 0, () => {
      const local: VersionedEntry[] = [e('k', 'v', 3, 'pad')];
      const remote: VersionedEntry[] = [e('k', 'v', 3, 'pad')];
      expect(mergeReplicas(local, remote)).assertDeepEquals([e('k', 'v', 3, 'pad')]);
    });

    it('same clock and device but different value throws', 0, () => {
      const local: VersionedEntry[] = [e('k', 'v1', 3, 'pad')];
      const remote: VersionedEntry[] = [e('k', 'v2', 3, 'pad')];
      expect(() => mergeReplicas(local, remote)).assertThrowError('conflicting write');
    });

    it('invalid entries are rejected', 0, () => {
      expect(() => mergeReplicas([e('', 'v', 1, 'a')], [])).assertThrowError('invalid entry');
      expect(() => mergeReplicas([], [e('k', 'v', -2, 'a')])).assertThrowError('invalid entry');
      expect(() => mergeReplicas([e('k', 'v', 1, '')], [])).assertThrowError('invalid entry');
    });

    it('does not modify the inputs', 0, () => {
      const local: VersionedEntry[] = [e('b', 'old', 1, 'A'), e('a', 'x', 1, 'A')];
      const remote: VersionedEntry[] = [e('b', 'new', 2, 'B')];
      const merged = mergeReplicas(local, remote);
      merged[0].value = 'changed';
      expect(local).assertDeepEquals([e('b', 'old', 1, 'A'), e('a', 'x', 1, 'A')]);
      expect(remote).assertDeepEquals([e('b', 'new', 2, 'B')]);
    });

    it('merges two replicas of 500 keys', 0, () => {
      const local: VersionedEntry[] = [];
      const remote: VersionedEntry[] = [];
      for (let i = 0; i < 500; i++) {
        const key = 'k' + i.toString().padStart(3, '0');
        local.push(e(key, 'L' + i.toString(), i % 7, 'dev-a'));
        remote.push(e(key, 'R' + i.toString(), i % 5, 'dev-b'));
      }
      const merged = mergeReplicas(local, remote);
      expect(merged.length).assertEqual(500);
      expect(merged[0]).assertDeepEquals(e('k000', 'R0', 0, 'dev-b'));
      expect(merged[6]).assertDeepEquals(e('k006', 'L6', 6, 'dev-a'));
      expect(merged[499]).assertDeepEquals(e('k499', 'R499', 4, 'dev-b'));
    });
  });
}
