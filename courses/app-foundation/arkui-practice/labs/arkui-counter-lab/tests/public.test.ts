import { describe, it, expect } from '@ohos/hypium';
import { render, Color } from '@ohos/arkui-test';
import { CounterPage } from './Index';

export default function counterPublicTest() {
  describe('counter (public)', () => {
    it('starts at 0', 0, () => {
      const ui = render(CounterPage);
      expect(ui.findById('count').text).assertEqual('0');
    });

    it('+1 adds one', 0, () => {
      const ui = render(CounterPage);
      ui.click(ui.findById('inc'));
      ui.click(ui.findById('inc'));
      expect(ui.findById('count').text).assertEqual('2');
    });

    it('-1 is disabled at 0', 0, () => {
      const ui = render(CounterPage);
      expect(ui.findById('dec').enabled).assertFalse();
      ui.click(ui.findById('dec'));
      expect(ui.findById('count').text).assertEqual('0');
    });

    it('turns red at 10', 0, () => {
      const ui = render(CounterPage);
      for (let i = 0; i < 10; i++) {
        ui.click(ui.findById('inc'));
      }
      expect(ui.findById('count').attr('fontColor')).assertEqual(Color.Red);
    });
  });
}
