import { describe, it, expect } from '@ohos/hypium';
import { render, Color } from '@ohos/arkui-test';
import { CounterPage } from './Index';

export default function counterHiddenTest() {
  describe('counter (hidden)', () => {
    it('-1 subtracts one and is enabled above 0', 0, () => {
      const ui = render(CounterPage);
      ui.click(ui.findById('inc'));
      ui.click(ui.findById('inc'));
      expect(ui.findById('dec').enabled).assertTrue();
      ui.click(ui.findById('dec'));
      expect(ui.findById('count').text).assertEqual('1');
    });

    it('never goes below 0', 0, () => {
      const ui = render(CounterPage);
      ui.click(ui.findById('inc'));
      ui.click(ui.findById('dec'));
      ui.click(ui.findById('dec'));
      expect(ui.findById('count').text).assertEqual('0');
      expect(ui.findById('dec').enabled).assertFalse();
    });

    it('reset goes back to 0', 0, () => {
      const ui = render(CounterPage);
      for (let i = 0; i < 3; i++) {
        ui.click(ui.findById('inc'));
      }
      ui.click(ui.findById('reset'));
      expect(ui.findById('count').text).assertEqual('0');
    });

    it('is black below 10 and black again after a reset', 0, () => {
      const ui = render(CounterPage);
      expect(ui.findById('count').attr('fontColor')).assertEqual(Color.Black);
      for (let i = 0; i < 9; i++) {
        ui.click(ui.findById('inc'));
      }
      expect(ui.findById('count').attr('fontColor')).assertEqual(Color.Black);
      ui.click(ui.findById('inc'));
      expect(ui.findById('count').attr('fontColor')).assertEqual(Color.Red);
      ui.click(ui.findById('reset'));
      expect(ui.findById('count').attr('fontColor')).assertEqual(Color.Black);
    });
  });
}
