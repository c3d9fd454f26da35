import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { DeviceListPage } from './Index';

export default function keyedListHiddenTest() {
  describe('device list (hidden)', () => {
    it('two expanded rows survive two sorts', 0, () => {
      const ui = render(DeviceListPage);
      ui.click(ui.findById('name-c1'));
      ui.click(ui.findById('name-f1'));
      ui.click(ui.findById('sort-temp'));
      ui.click(ui.findById('sort-name'));
      expect(ui.findById('detail-c1').text).assertEqual('温度 48℃');
      expect(ui.findById('detail-f1').text).assertEqual('温度 35℃');
      expect(ui.queryById('detail-p1')).assertNull();
      expect(ui.queryById('detail-k1')).assertNull();
    });

    it('removing the first device keeps the others as they were', 0, () => {
      const ui = render(DeviceListPage);
      ui.click(ui.findById('name-c1'));
      ui.click(ui.findById('remove-first'));
      expect(ui.queryById('name-p1')).assertNull();
      expect(ui.findById('detail-c1').text).assertEqual('温度 48℃');
      expect(ui.queryById('detail-k1')).assertNull();
      expect(ui.findById('count').text).assertEqual('共 3 台设备');
    });

    it('removes whatever is first after a sort', 0, () => {
      const ui = render(DeviceListPage);
      ui.click(ui.findById('sort-temp'));
      ui.click(ui.findById('remove-first'));
      expect(ui.queryById('name-k1')).assertNull();
      expect(ui.findById('count').text).assertEqual('共 3 台设备');
    });

    it('the same row component is reused for a device after sorting', 0, () => {
      const ui = render(DeviceListPage);
      const before = ui.findById('name-k1').parent;
      ui.click(ui.findById('sort-temp'));
      const after = ui.findById('name-k1').parent;
      expect(before !== null && after !== null && before.parent === after.parent).assertTrue();
    });
  });
}
