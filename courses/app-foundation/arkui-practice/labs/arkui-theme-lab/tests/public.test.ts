import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { ThemePage } from './Index';

export default function themePublicTest() {
  describe('dark mode (public)', () => {
    it('the deep switch changes the page', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      expect(ui.findById('current').text).assertEqual('当前主题：dark');
    });

    it('cards in another branch follow the theme', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      expect(ui.findById('card-产量').attr('backgroundColor')).assertEqual('#1E1E1E');
      expect(ui.findById('title-能耗').attr('fontColor')).assertEqual('#E5E5E5');
    });

    it('counts switches with @Watch', 0, () => {
      const ui = render(ThemePage);
      ui.click(ui.findById('dark-mode'));
      expect(ui.findById('switches').text).assertEqual('已切换 1 次');
    });
  });
}
