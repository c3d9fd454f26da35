import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { ThermostatPage } from './Index';

export default function propLinkPublicTest() {
  describe('thermostat (public)', () => {
    it('+ changes the parent (@Link)', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('plus'));
      expect(ui.findById('target').text).assertEqual('目标温度 23℃');
      expect(ui.findById('control-value').text).assertEqual('23℃');
    });

    it('the preview does not write back (@Prop)', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('try'));
      expect(ui.findById('preview').text).assertEqual('预览 27℃');
      expect(ui.findById('target').text).assertEqual('目标温度 22℃');
    });

    it('a parent change overwrites the preview', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('try'));
      ui.click(ui.findById('plus'));
      expect(ui.findById('preview').text).assertEqual('预览 23℃');
    });
  });
}
