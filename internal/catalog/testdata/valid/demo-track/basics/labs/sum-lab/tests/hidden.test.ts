import { describe, it, expect } from '@ohos/hypium';
import { sum } from './main';

describe('sum (hidden)', () => {
  it('is 0 for an empty list', () => {
    expect(sum([])).assertEqual(0);
  });
});
