import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { ThemePage } from './Index';

export default function themeHiddenTest() {
  describe('dark mode (hidden)', () => {
    it('switching back restores the light palette', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      ui.click(ui.findById('dark-mode'));
      expect(ui.findById('current').text).assertEqual('当前主题：light');
      expect(ui.findById('card-能耗').attr('backgroundColor')).assertEqual('#FFFFFF');
      expect(ui.findById('title-产量').attr('fontColor')).assertEqual('#182431');
      expect(ui.findById('switches').text).assertEqual('已切换 2 次');
    });

    it('a change at the top reaches the deep switch', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      expect(ui.findById('dark-mode').value).assertTrue();
      ui.click(ui.findById('reset'));
      expect(ui.findById('dark-mode').value).assertFalse();
      expect(ui.findById('card-产量').attr('backgroundColor')).assertEqual('#FFFFFF');
    });

    it('assigning the same theme is not a switch', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('reset'));
      expect(ui.findById('switches').text).assertEqual('已切换 0 次');
    });

    it('the page background follows the theme', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      expect(ui.root.children[0].attr('backgroundColor')).assertEqual('#1E1E1E');
    });
  });
}
