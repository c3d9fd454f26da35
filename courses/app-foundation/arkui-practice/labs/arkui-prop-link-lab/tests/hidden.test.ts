import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { ThermostatPage } from './Index';

export default function propLinkHiddenTest() {
  describe('thermostat (hidden)', () => {
    it('the coarse step is 5', 0, () => {
      const ui = render(ThermostatPage);
      ui.toggle(ui.findById('coarse'), true);
      ui.click(ui.findById('minus'));
      expect(ui.findById('target').text).assertEqual('目标温度 17℃');
      ui.toggle(ui.findById('coarse'), false);
      ui.click(ui.findById('plus'));
      expect(ui.findById('target').text).assertEqual('目标温度 18℃');
    });

    it('reset reaches both children', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('plus'));
      ui.click(ui.findById('plus'));
      ui.click(ui.findById('try'));
      ui.click(ui.findById('reset'));
      expect(ui.findById('control-value').text).assertEqual('22℃');
      expect(ui.findById('preview').text).assertEqual('预览 22℃');
    });

    it('previews add up locally until the target changes', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('try'));
      ui.click(ui.findById('try'));
      expect(ui.findById('preview').text).assertEqual('预览 32℃');
      expect(ui.findById('control-value').text).assertEqual('22℃');
      ui.click(ui.findById('minus'));
      expect(ui.findById('preview').text).assertEqual('预览 21℃');
    });

    it('the parent state is the single source of truth', 0, () => {
      const ui = render(ThermostatPage);
      ui.click(ui.findById('plus'));
      ui.click(ui.findById('try'));
      expect(ui.component.target).assertEqual(23);
    });
  });
}
