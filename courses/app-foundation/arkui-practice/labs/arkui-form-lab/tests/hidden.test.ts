import { describe, it, expect } from '@ohos/hypium';
import { render } from '@ohos/arkui-test';
import { SignUpPage } from './Index';

export default function formHiddenTest() {
  describe('sign-up form (hidden)', () => {
    it('user names: characters and length', 0, () => {
      const ui = render(SignUpPage);
      const bad = ['a-b', 'with space', 'x'.repeat(17), '中文名字'];
      for (const name of bad) {
        ui.type(ui.findById('username'), name);
        expect(ui.queryById('username-error') !== null).assertTrue();
      }
      ui.type(ui.findById('username'), 'A_1');
      expect(ui.queryById('username-error')).assertNull();
      ui.type(ui.findById('username'), 'x'.repeat(16));
      expect(ui.queryById('username-error')).assertNull();
    });

    it('passwords need 8 characters, a letter and a digit', 0, () => {
      const ui = render(SignUpPage);
      for (const pw of ['abc1234', 'abcdefgh', '12345678']) {
        ui.type(ui.findById('password'), pw);
        expect(ui.findById('password-error').text).assertEqual('密码至少 8 位，且包含字母和数字');
      }
      ui.type(ui.findById('password'), 'Pass1234');
      expect(ui.queryById('password-error')).assertNull();
    });

    it('the confirmation follows later password changes', 0, () => {
      const ui = render(SignUpPage);
      ui.type(ui.findById('password'), 'abc12345');
      ui.type(ui.findById('confirm'), 'abc12345');
      expect(ui.queryById('confirm-error')).assertNull();
      ui.type(ui.findById('password'), 'abc123456');
      expect(ui.findById('confirm-error').text).assertEqual('两次输入的密码不一致');
    });

    it('the button stays disabled while any field is wrong or empty', 0, () => {
      const ui = render(SignUpPage);
      ui.type(ui.findById('username'), 'dev');
      ui.type(ui.findById('password'), 'abc12345');
      expect(ui.findById('submit').enabled).assertFalse();
      ui.type(ui.findById('confirm'), 'abc1234');
      expect(ui.findById('submit').enabled).assertFalse();
      ui.click(ui.findById('submit'));
      expect(ui.queryById('result')).assertNull();
      ui.type(ui.findById('confirm'), 'abc12345');
      expect(ui.findById('submit').enabled).assertTrue();
    });

    it('clearing a field hides its hint again', 0, () => {
      const ui = render(SignUpPage);
      ui.type(ui.findById('password'), 'x');
      expect(ui.queryById('password-error') !== null).assertTrue();
      ui.type(ui.findById('password'), '');
      expect(ui.queryById('password-error')).assertNull();
    });
  });
}
