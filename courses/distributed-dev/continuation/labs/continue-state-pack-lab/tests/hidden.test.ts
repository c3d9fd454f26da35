import { describe, it, expect } from '@ohos/hypium';
import { ContinueDecision, ContinueContext, StateField, PackResult, decideContinue, utf8Length, packState } from './main';

function field(key: string, value: string, required: boolean, priority: number): StateField {
  const f: StateField = { key: key, value: value, required: required, priority: priority };
  return f;
}

function ctx(continuable: boolean, active: boolean, targetVersion: number, minCompatibleVersion: number): ContinueContext {
  const c: ContinueContext = { continuable: continuable, active: active, targetVersion: targetVersion, minCompatibleVersion: minCompatibleVersion };
  return c;
}

function res(kept: string[], dropped: string[], bytes: number): PackResult {
  const r: PackResult = { kept: kept, dropped: dropped, bytes: bytes };
  return r;
}

export default function continueHiddenTest() {
  describe('continuation (hidden)', () => {
    it('not continuable rejects even with an old peer', 0, () => {
      expect(decideContinue(ctx(false, true, 1, 100))).assertEqual(ContinueDecision.REJECT);
      expect(decideContinue(ctx(true, true, 100, 100))).assertEqual(ContinueDecision.AGREE);
    });

    it('utf8Length handles 2-byte, emoji and lone surrogates', 0, () => {
      expect(utf8Length('')).assertEqual(0);
      expect(utf8Length('é')).assertEqual(2);
      expect(utf8Length('a😀b')).assertEqual(6);
      expect(utf8Length('\uD800x')).assertEqual(4);
      expect(utf8Length('€')).assertEqual(3);
    });

    it('a large optional field is skipped but smaller lower-priority ones still fit', 0, () => {
      const fields: StateField[] = [
        field('big', 'x'.repeat(50), false, 10),
        field('a', '12', false, 1),
        field('b', '34', false, 1)
      ];
      expect(packState(fields, 10)).assertDeepEquals(res(['a', 'b'], ['big'], 6));
    });

    it('equal priority is resolved by key order', 0, () => {
      const fields: StateField[] = [field('zz', '1234', false, 3), field('aa', '1234', false, 3)];
      expect(packState(fields, 6)).assertDeepEquals(res(['aa'], ['zz'], 6));
    });

    it('exact fit is allowed', 0, () => {
      const fields: StateField[] = [field('id', '7', true, 0), field('n', '品', false, 1)];
      expect(packState(fields, 7)).assertDeepEquals(res(['id', 'n'], [], 7));
    });

    it('empty input and zero limit', 0, () => {
      expect(packState([], 0)).assertDeepEquals(res([], [], 0));
      expect(packState([field('o', 'v', false, 1)], 0)).assertDeepEquals(res([], ['o'], 0));
    });

    it('invalid limit and duplicate keys throw', 0, () => {
      expect(() => packState([], -1)).assertThrowError('invalid limit');
      expect(() => packState([], 1.5)).assertThrowError('invalid limit');
      expect(() => packState([field('k', 'a', false, 1), field('k', 'b', true, 0)], 100)).assertThrowError('duplicate key');
    });

    it('sizes use UTF-8 bytes for keys too', 0, () => {
      const fields: StateField[] = [field('标题', 'ab', false, 2), field('x', 'é', false, 1)];
      expect(packState(fields, 8)).assertDeepEquals(res(['标题'], ['x'], 8));
    });

    it('packs 200 fields into a 1000-byte budget', 0, () => {
      const fields: StateField[] = [];
      for (let i = 0; i < 200; i++) {
        const key = 'f' + i.toString().padStart(3, '0');
        fields.push(field(key, 'v'.repeat(6), i === 0, i % 10));
      }
      const r = packState(fields, 1000);
      expect(r.bytes).assertEqual(1000);
      expect(r.kept.length).assertEqual(100);
      expect(r.dropped.length).assertEqual(100);
      expect(r.kept[0]).assertEqual('f000');
      expect(r.kept.indexOf('f199')).assertLarger(-1);
      expect(r.dropped.indexOf('f010')).assertLarger(-1);
    });
  });
}
