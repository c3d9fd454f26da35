import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { DeviceListPage } from './Index';

function names(ui: ReturnType<typeof render>): string[] {
  return ui.findAllByType('DeviceRow').map((row) => row.findByType('Text').text ?? '');
}

export default function keyedListPublicTest() {
  describe('device list (public)', () => {
    it('sorts by name', 0, () => {
      const ui = render(DeviceListPage);
      ui.click(ui.findById('sort-name'));
      expect(names(ui)).assertDeepEquals(['Conveyor', 'Fan', 'Kiln', 'Pump']);
    });

    it('an expanded row stays with its device after sorting', 0, () => {
      const ui = render(DeviceListPage);
      ui.click(ui.findById('name-p1'));
      expect(ui.findById('detail-p1').text).assertEqual('温度 61℃');
      ui.click(ui.findById('sort-temp'));
      expect(names(ui)).assertDeepEquals(['Kiln', 'Pump', 'Conveyor', 'Fan']);
      expect(ui.findById('detail-p1').text).assertEqual('温度 61℃');
      expect(ui.queryById('detail-k1')).assertNull();
    });

    it('counts the devices', 0, () => {
      const ui = render(DeviceListPage);
      expect(ui.findById('count').text).assertEqual('共 4 台设备');
    });
  });
}
