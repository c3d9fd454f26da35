import { describe, it, expect } from '@ohos/hypium';
import { FakeDisk, Preferences } from './main';

export default function preferencesPublicTest() {
  describe('Preferences (public)', () => {
    it('runs the statement example', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const prefs: Preferences = new Preferences(disk, 'settings');
      prefs.put('fontSize', 18);
      expect(prefs.get('fontSize', 14)).assertEqual(18);
      expect(prefs.get('nightMode', false)).assertEqual(false);
      expect(new Preferences(disk, 'settings').get('fontSize', 14)).assertEqual(14);
      await prefs.flush();
      expect(new Preferences(disk, 'settings').get('fontSize', 14)).assertEqual(18);
      expect(disk.writeCount).assertEqual(1);
    });

    it('returns the default when the stored type differs', 0, () => {
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      prefs.put('fontSize', '18');
      expect(prefs.get('fontSize', 0)).assertEqual(0);
      expect(prefs.get('fontSize', 'x')).assertEqual('18');
      expect(prefs.has('fontSize')).assertTrue();
    });

    it('notifies observers only on flush', 0, async () => {
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      const seen: string[] = [];
      prefs.on((key: string) => { seen.push(key); });
      prefs.put('a', 1);
      prefs.put('b', true);
      prefs.put('a', 2);
      expect(seen.length).assertEqual(0);
      await prefs.flush();
      expect(seen).assertDeepEquals(['a', 'b']);
    });

    it('rejects an empty key', 0, () => {
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      expect(() => { prefs.put('', 1); }).assertThrowError('invalid key');
      expect(() => { prefs.has(''); }).assertThrowError('invalid key');
    });
  });
}
