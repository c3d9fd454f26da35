import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { SignUpPage } from './Index';

export default function formPublicTest() {
  describe('sign-up form (public)', () => {
    it('shows no hints and a disabled button at first', 0, () => {
      const ui = render(SignUpPage);
      expect(ui.queryById('username-error')).assertNull();
      expect(ui.queryById('password-error')).assertNull();
      expect(ui.findById('submit').enabled).assertFalse();
    });

    it('a short user name shows its hint', 0, () => {
      const ui = render(SignUpPage);
      ui.type(ui.findById('username'), 'ab');
      expect(ui.findById('username-error').text).assertEqual('用户名需为 3-16 位字母、数字或下划线');
      ui.type(ui.findById('username'), 'abc');
      expect(ui.queryById('username-error')).assertNull();
    });

    it('a valid form can be submitted', 0, () => {
      const ui = render(SignUpPage);
      ui.type(ui.findById('username'), 'harmony_dev');
      ui.type(ui.findById('password'), 'abc12345');
      ui.type(ui.findById('confirm'), 'abc12345');
      expect(ui.findById('submit').enabled).assertTrue();
      ui.click(ui.findById('submit'));
      expect(ui.findById('result').text).assertEqual('注册成功：harmony_dev');
    });
  });
}
