import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { TodoPage } from './Index';

function add(ui: ReturnType<typeof render>, title: string): void {
  ui.type(ui.findById('input'), title);
  ui.click(ui.findById('add'));
}

export default function todoHiddenTest() {
  describe('to-do list (hidden)', () => {
    it('ignores blank input and trims titles', 0, () => {
      const ui = render(TodoPage);
      add(ui, '   ');
      expect(ui.findAllByType('ListItem').length).assertEqual(0);
      add(ui, '  写周报  ');
      expect(ui.findById('title-1').text).assertEqual('写周报');
    });

    it('appends in order', 0, () => {
      const ui = render(TodoPage);
      add(ui, 'one');
      add(ui, 'two');
      add(ui, 'three');
      const titles = ui.findAllByType('ListItem').map((n) => n.findByType('Text').text);
      expect(titles).assertDeepEquals(['one', 'two', 'three']);
    });

    it('unticking counts the to-do again', 0, () => {
      const ui = render(TodoPage);
      add(ui, 'a');
      ui.click(ui.findById('check-1'));
      expect(ui.findById('summary').text).assertEqual('剩余 0 项');
      ui.click(ui.findById('check-1'));
      expect(ui.findById('check-1').value).assertFalse();
      expect(ui.findById('summary').text).assertEqual('剩余 1 项');
    });

    it('ids are not reused after a delete', 0, () => {
      const ui = render(TodoPage);
      add(ui, 'a');
      add(ui, 'b');
      ui.click(ui.findById('delete-2'));
      add(ui, 'c');
      expect(ui.findById('title-3').text).assertEqual('c');
      expect(ui.queryById('title-2')).assertNull();
      expect(ui.findById('summary').text).assertEqual('剩余 2 项');
    });

    it('deleting a done to-do keeps the count right', 0, () => {
      const ui = render(TodoPage);
      add(ui, 'a');
      add(ui, 'b');
      ui.click(ui.findById('check-1'));
      ui.click(ui.findById('delete-1'));
      expect(ui.findById('summary').text).assertEqual('剩余 1 项');
    });
  });
}
