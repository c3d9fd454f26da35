import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { TodoPage } from './Index';

export default function todoPublicTest() {
  describe('to-do list (public)', () => {
    it('adds a to-do and clears the input', 0, () => {
      const ui = render(TodoPage);
      ui.type(ui.findById('input'), '买牛奶');
      ui.click(ui.findById('add'));
      expect(ui.findById('title-1').text).assertEqual('买牛奶');
      expect(ui.findById('input').value).assertEqual('');
      expect(ui.findById('summary').text).assertEqual('剩余 1 项');
    });

    it('ticking a to-do updates the count', 0, () => {
      const ui = render(TodoPage);
      ui.type(ui.findById('input'), 'a');
      ui.click(ui.findById('add'));
      ui.type(ui.findById('input'), 'b');
      ui.click(ui.findById('add'));
      ui.click(ui.findById('check-1'));
      expect(ui.findById('check-1').value).assertTrue();
      expect(ui.findById('summary').text).assertEqual('剩余 1 项');
    });

    it('deletes a to-do', 0, () => {
      const ui = render(TodoPage);
      ui.type(ui.findById('input'), 'a');
      ui.click(ui.findById('add'));
      ui.click(ui.findById('delete-1'));
      expect(ui.queryById('title-1')).assertNull();
      expect(ui.findById('summary').text).assertEqual('剩余 0 项');
    });
  });
}
