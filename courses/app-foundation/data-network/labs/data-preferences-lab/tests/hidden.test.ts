import { describe, it, expect } from '@ohos/hypium';
import { FakeDisk, Preferences, getPreferences, removePreferencesFromCache, utf8ByteLength, ValueType } from './main';

function repeat(unit: string, times: number): string {
  let out: string = '';
  for (let i = 0; i < times; i++) {
    out += unit;
  }
  return out;
}

export default function preferencesHiddenTest() {
  describe('Preferences (hidden)', () => {
    it('skips writing when nothing changed', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const prefs: Preferences = new Preferences(disk, 'p');
      prefs.put('k', 'v');
      await prefs.flush();
      expect(disk.writeCount).assertEqual(1);
      prefs.put('k', 'v');
      await prefs.flush();
      await prefs.flush();
      expect(disk.writeCount).assertEqual(1);
    });

    it('delete is persisted and deleting a missing key is a no-op', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const prefs: Preferences = new Preferences(disk, 'p');
      prefs.put('token', 'abc');
      await prefs.flush();
      const seen: string[] = [];
      prefs.on((key: string) => { seen.push(key); });
      prefs.delete('missing');
      prefs.delete('token');
      expect(prefs.has('token')).assertFalse();
      await prefs.flush();
      expect(seen).assertDeepEquals(['token']);
      expect(disk.writeCount).assertEqual(2);
      expect(new Preferences(disk, 'p').has('token')).assertFalse();
    });

    it('measures keys in UTF-8 bytes', 0, () => {
      expect(utf8ByteLength('abc')).assertEqual(3);
      expect(utf8ByteLength('é')).assertEqual(2);
      expect(utf8ByteLength('中文')).assertEqual(6);
      expect(utf8ByteLength('😀')).assertEqual(4);
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      prefs.put(repeat('a', 1024), 1);
      prefs.put(repeat('中', 341), 2);
      prefs.put(repeat('😀', 256), 3);
      expect(() => { prefs.put(repeat('a', 1025), 1); }).assertThrowError('invalid key');
      expect(() => { prefs.put(repeat('中', 342), 1); }).assertThrowError('invalid key');
      expect(() => { prefs.get(repeat('😀', 257), 0); }).assertThrowError('invalid key');
      expect(prefs.get(repeat('中', 341), 0)).assertEqual(2);
    });

    it('getPreferences caches one instance per name', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const a: Preferences = getPreferences(disk, 'user');
      expect(getPreferences(disk, 'user') === a).assertTrue();
      expect(getPreferences(disk, 'other') === a).assertFalse();
      expect(getPreferences(new FakeDisk(), 'user') === a).assertFalse();
      a.put('saved', 1);
      await a.flush();
      a.put('unsaved', 2);
      removePreferencesFromCache(disk, 'user');
      const b: Preferences = getPreferences(disk, 'user');
      expect(b === a).assertFalse();
      expect(b.get('saved', 0)).assertEqual(1);
      expect(b.has('unsaved')).assertFalse();
    });

    it('off removes an observer and duplicates register once', 0, async () => {
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      let count: number = 0;
      const observer = (key: string): void => { count++; };
      prefs.on(observer);
      prefs.on(observer);
      prefs.put('x', 1);
      await prefs.flush();
      expect(count).assertEqual(1);
      prefs.off(observer);
      prefs.put('x', 2);
      await prefs.flush();
      expect(count).assertEqual(1);
    });

    it('flush stores a snapshot', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const prefs: Preferences = new Preferences(disk, 'p');
      prefs.put('n', 1);
      await prefs.flush();
      prefs.put('n', 2);
      const onDisk: Map<string, ValueType> | undefined = disk.read('p');
      expect(onDisk === undefined ? -1 : onDisk.get('n')).assertEqual(1);
      expect(prefs.get('n', 0)).assertEqual(2);
    });

    it('calls every observer for each key in order', 0, async () => {
      const prefs: Preferences = new Preferences(new FakeDisk(), 'p');
      const log: string[] = [];
      prefs.on((key: string) => { log.push('A:' + key); });
      prefs.on((key: string) => { log.push('B:' + key); });
      prefs.put('k1', 1);
      prefs.put('k2', 2);
      prefs.delete('k1');
      await prefs.flush();
      expect(log).assertDeepEquals(['A:k1', 'B:k1', 'A:k2', 'B:k2']);
      expect(prefs.has('k1')).assertFalse();
    });

    it('handles many keys in one flush', 0, async () => {
      const disk: FakeDisk = new FakeDisk();
      const prefs: Preferences = new Preferences(disk, 'big');
      let notified: number = 0;
      prefs.on(() => { notified++; });
      for (let i = 0; i < 500; i++) {
        prefs.put('key' + String(i), i % 3 === 0);
      }
      await prefs.flush();
      expect(notified).assertEqual(500);
      expect(disk.writeCount).assertEqual(1);
      const reloaded: Preferences = new Preferences(disk, 'big');
      expect(reloaded.get('key498', false)).assertEqual(true);
      expect(reloaded.get('key497', true)).assertEqual(false);
    });
  });
}
