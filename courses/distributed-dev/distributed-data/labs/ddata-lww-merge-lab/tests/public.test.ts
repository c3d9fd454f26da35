import { describe, it, expect } from '@ohos/hypium';
import { lamportTick, mergeReplicas, VersionedEntry } from './main';

function e(key: string, value: string | null, clock: number, deviceId: string): VersionedEntry {
  const v: VersionedEntry = { key: key, value: value, clock: clock, deviceId: deviceId };
  return v;
}

export default function lwwPublicTest() {
  describe('LWW merge (public)', () => {
    it('statement example', 0, () => {
      const local: VersionedEntry[] = [e('title', 'Draft', 3, 'phone'), e('color', 'red', 5, 'phone'), e('tag', 'work', 2, 'phone')];
      const remote: VersionedEntry[] = [e('title', 'Final', 4, 'pad'), e('color', 'blue', 5, 'pad'), e('tag', null, 6, 'pad'), e('pin', 'yes', 1, 'pad')];
      expect(mergeReplicas(local, remote)).assertDeepEquals([
        e('color', 'red', 5, 'phone'),
        e('pin', 'yes', 1, 'pad'),
        e('tag', null, 6, 'pad'),
        e('title', 'Final', 4, 'pad')
      ]);
    });

    it('lamportTick takes the max and adds one', 0, () => {
      expect(lamportTick(3, 7)).assertEqual(8);
      expect(lamportTick(9, 2)).assertEqual(10);
    });

    it('merging with an empty replica returns a sorted copy', 0, () => {
      const local: VersionedEntry[] = [e('b', '2', 1, 'x'), e('a', '1', 1, 'x')];
      expect(mergeReplicas(local, [])).assertDeepEquals([e('a', '1', 1, 'x'), e('b', '2', 1, 'x')]);
    });

    it('duplicate key inside one replica throws', 0, () => {
      const remote: VersionedEntry[] = [e('k', 'v1', 1, 'pad'), e('k', 'v2', 2, 'pad')];
      expect(() => mergeReplicas([], remote)).assertThrowError('duplicate key');
    });
  });
}
