import { describe, it, expect } from '@ohos/hypium';
import { NavPathInfo, NavStack } from './main';

export default function navStackPublicTest() {
  describe('NavStack (public)', () => {
    it('runs the statement example', 0, () => {
      const stack: NavStack<number> = new NavStack<number>();
      stack.pushPathByName('Home', 0);
      stack.pushPathByName('Detail', 1);
      stack.pushPathByName('Detail', 2);
      stack.pushPathByName('Settings', 0);
      expect(stack.getAllPathName()).assertDeepEquals(['Home', 'Detail', 'Detail', 'Settings']);
      expect(stack.popToName('Detail')).assertEqual(1);
      expect(stack.getAllPathName()).assertDeepEquals(['Home', 'Detail']);
      expect(stack.size()).assertEqual(2);
    });

    it('pop returns the removed page', 0, () => {
      const stack: NavStack<string> = new NavStack<string>();
      stack.pushPathByName('Login', 'from-splash');
      const top: NavPathInfo<string> | undefined = stack.pop();
      expect(top === undefined ? '' : top.name + '/' + top.param).assertEqual('Login/from-splash');
      expect(stack.pop()).assertUndefined();
    });

    it('replacePathByName swaps the top page', 0, () => {
      const stack: NavStack<number> = new NavStack<number>();
      stack.pushPathByName('Home', 0);
      stack.pushPathByName('Login', 0);
      stack.replacePathByName('Profile', 7);
      expect(stack.getAllPathName()).assertDeepEquals(['Home', 'Profile']);
      expect(stack.getParamByName('Profile')).assertDeepEquals([7]);
    });

    it('rejects an empty page name', 0, () => {
      const stack: NavStack<number> = new NavStack<number>();
      expect(() => { stack.pushPathByName('', 1); }).assertThrowError('invalid name');
      expect(() => { stack.replacePathByName('  ', 1); }).assertThrowError('invalid name');
      expect(stack.size()).assertEqual(0);
    });
  });
}
