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

export default function continuePublicTest() {
  describe('continuation (public)', () => {
    it('statement example for packState', 0, () => {
      const fields: StateField[] = [
        field('docId', 'n42', true, 0),
        field('title', '周报', false, 5),
        field('cursor', '128', false, 9),
        field('cache', 'xxxxxxxxxxxxxxxxxxxx', false, 1),
        field('theme', 'dark', false, 5)
      ];
      expect(packState(fields, 40)).assertDeepEquals(res(['cursor', 'docId', 'theme', 'title'], ['cache'], 37));
    });

    it('decideContinue follows REJECT > MISMATCH > AGREE', 0, () => {
      expect(decideContinue(ctx(true, true, 1000001, 1000000))).assertEqual(ContinueDecision.AGREE);
      expect(decideContinue(ctx(true, true, 999999, 1000000))).assertEqual(ContinueDecision.MISMATCH);
      expect(decideContinue(ctx(true, false, 2000000, 1000000))).assertEqual(ContinueDecision.REJECT);
    });

    it('utf8Length counts Chinese characters as 3 bytes', 0, () => {
      expect(utf8Length('abc')).assertEqual(3);
      expect(utf8Length('周报')).assertEqual(6);
    });

    it('required fields over the limit throw', 0, () => {
      const fields: StateField[] = [field('k', '0123456789', true, 0)];
      expect(() => packState(fields, 10)).assertThrowError('required state too large');
    });
  });
}
