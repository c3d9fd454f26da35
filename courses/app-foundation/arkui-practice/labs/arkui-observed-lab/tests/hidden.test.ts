import { describe, it, expect } from '@ohos/hypium';
import { render, Color } from '@ohos/arkui-test';
import { SensorPage } from './Index';

export default function observedHiddenTest() {
  describe('sensor cards (hidden)', () => {
    it('reset all restores every card', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('simulate'));
      ui.click(ui.findById('ack-t1'));
      ui.click(ui.findById('bump-p1'));
      ui.click(ui.findById('reset-all'));
      expect(ui.findById('value-t1').text).assertEqual('温度: 60');
      expect(ui.findById('status-t1').text).assertEqual('正常');
      expect(ui.findById('value-p1').text).assertEqual('压力: 40');
      expect(ui.findById('value-t1').attr('fontColor')).assertEqual(Color.Black);
    });

    it('acknowledge is only possible during an alarm', 0, () => {
      const ui = render(SensorPage);
      expect(ui.findById('ack-p1').enabled).assertFalse();
      for (let i = 0; i < 7; i++) {
        ui.click(ui.findById('bump-p1'));
      }
      expect(ui.findById('status-p1').text).assertEqual('报警');
      expect(ui.findById('ack-p1').enabled).assertTrue();
      ui.click(ui.findById('ack-p1'));
      expect(ui.findById('ack-p1').enabled).assertFalse();
    });

    it('cards are independent', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('bump-t1'));
      expect(ui.findById('value-p1').text).assertEqual('压力: 40');
      expect(ui.component.sensors[1].value).assertEqual(40);
    });

    it('the page and the card share one object', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('simulate'));
      ui.click(ui.findById('bump-t1'));
      expect(ui.component.sensors[0].value).assertEqual(105);
      expect(ui.findById('value-t1').text).assertEqual('温度: 105');
    });
  });
}
