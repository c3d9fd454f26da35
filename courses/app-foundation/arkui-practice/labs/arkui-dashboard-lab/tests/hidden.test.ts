import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { DashboardPage } from './Index';

export default function dashboardHiddenTest() {
  describe('dashboard (hidden)', () => {
    it('stopping on a card updates the page', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('toggle-m3'));
      expect(ui.findById('status-m3').text).assertEqual('停机');
      expect(ui.findById('toggle-m3').text).assertEqual('启动');
      expect(ui.findById('running-count').text).assertEqual('运行 2');
      expect(ui.findById('stopped-count').text).assertEqual('停机 1');
      expect(ui.findById('utilization').value).assertEqual(67);
    });

    it('a stopped machine takes no data', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('toggle-m1'));
      ui.click(ui.findById('next'));
      expect(ui.findById('temp-m1').text).assertEqual('70℃');
      expect(ui.findById('temp-m3').text).assertEqual('65℃');
    });

    it('a fault hides the toggle and can be cleared', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('next'));
      ui.click(ui.findById('next'));
      expect(ui.queryById('toggle-m2')).assertNull();
      ui.click(ui.findById('clear-m2'));
      expect(ui.findById('status-m2').text).assertEqual('停机');
      expect(ui.queryById('clear-m2')).assertNull();
      expect(ui.findById('fault-count').text).assertEqual('故障 0');
      ui.click(ui.findById('toggle-m2'));
      expect(ui.findById('running-count').text).assertEqual('运行 3');
    });

    it('shows only machines needing attention when asked', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('next'));
      ui.toggle(ui.findById('faults-only'), true);
      expect(ui.findAllByType('MachineCard').length).assertEqual(1);
      expect(ui.queryById('temp-m1')).assertNull();
      ui.toggle(ui.findById('faults-only'), false);
      expect(ui.findAllByType('MachineCard').length).assertEqual(3);
    });

    it('the feed starts over after its last batch', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('next'));
      ui.click(ui.findById('next'));
      ui.click(ui.findById('next'));
      expect(ui.findById('temp-m3').text).assertEqual('101℃');
      expect(ui.findById('alarm-m3').text).assertEqual('传送带 温度过高 101℃');
      ui.click(ui.findById('next'));
      expect(ui.findById('temp-m1').text).assertEqual('72℃');
      expect(ui.findById('avg-temp').text).assertEqual('平均温度 75.0℃');
      expect(ui.findById('status-m2').text).assertEqual('故障');
    });
  });
}
