import { describe, it, expect } from '@ohos/hypium';
import { render, Color } from '@ohos/arkui-test';
import { SensorPage } from './Index';

export default function observedPublicTest() {
  describe('sensor cards (public)', () => {
    it('a card change reaches the page data', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('bump-t1'));
      expect(ui.findById('value-t1').text).assertEqual('温度: 70');
      expect(ui.component.sensors[0].value).assertEqual(70);
    });

    it('a page change to an element reaches its card', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('simulate'));
      expect(ui.findById('value-t1').text).assertEqual('温度: 95');
      expect(ui.findById('value-t1').attr('fontColor')).assertEqual(Color.Red);
      expect(ui.findById('status-t1').text).assertEqual('报警');
    });

    it('an alarm can be acknowledged', 0, () => {
      const ui = render(SensorPage);
      ui.click(ui.findById('simulate'));
      ui.click(ui.findById('ack-t1'));
      expect(ui.findById('status-t1').text).assertEqual('已确认');
      expect(ui.component.sensors[0].acknowledged).assertTrue();
    });
  });
}
