import { describe, it, expect } from '@ohos/hypium';
import { render, Color } from '@ohos/arkui-test';
import { DashboardPage } from './Index';

export default function dashboardPublicTest() {
  describe('dashboard (public)', () => {
    it('sums up the line at first', 0, () => {
      const ui = render(DashboardPage);
      expect(ui.findById('running-count').text).assertEqual('运行 3');
      expect(ui.findById('fault-count').text).assertEqual('故障 0');
      expect(ui.findById('avg-temp').text).assertEqual('平均温度 68.7℃');
      expect(ui.findById('utilization').value).assertEqual(100);
    });

    it('the next batch reaches cards, summary and alarms', 0, () => {
      const ui = render(DashboardPage);
      ui.click(ui.findById('next'));
      expect(ui.findById('temp-m2').text).assertEqual('88℃');
      expect(ui.findById('temp-m2').attr('fontColor')).assertEqual(Color.Red);
      expect(ui.findById('avg-temp').text).assertEqual('平均温度 75.0℃');
      expect(ui.findById('alarm-m2').text).assertEqual('注塑机 2 温度过高 88℃');
      ui.click(ui.findById('next'));
      expect(ui.findById('status-m2').text).assertEqual('故障');
      expect(ui.findById('fault-count').text).assertEqual('故障 1');
      expect(ui.findById('alarm-m2').text).assertEqual('注塑机 2 故障');
    });

    it('the threshold slider reaches the cards', 0, () => {
      const ui = render(DashboardPage);
      ui.slide(ui.findById('threshold'), 65);
      expect(ui.findById('temp-m1').attr('fontColor')).assertEqual(Color.Red);
      expect(ui.findById('temp-m3').attr('fontColor')).assertEqual(Color.Black);
      expect(ui.findById('alarm-m2').text).assertEqual('注塑机 2 温度过高 76℃');
    });
  });
}
