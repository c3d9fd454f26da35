import { describe, it, expect } from '@ohos/hypium';
import { NavPathInfo, NavStack } from './main';

function build(names: string[]): NavStack<number> {
  const stack: NavStack<number> = new NavStack<number>();
  for (let i = 0; i < names.length; i++) {
    stack.pushPathByName(names[i], i);
  }
  return stack;
}

export default function navStackHiddenTest() {
  describe('NavStack (hidden)', () => {
    it('popToName on a missing page changes nothing', 0, () => {
      const stack: NavStack<number> = build(['A', 'B', 'C']);
      expect(stack.popToName('Z')).assertEqual(-1);
      expect(stack.getAllPathName()).assertDeepEquals(['A', 'B', 'C']);
      expect(stack.popToName('C')).assertEqual(2);
      expect(stack.size()).assertEqual(3);
    });

    it('popToIndex ignores invalid indexes', 0, () => {
      const stack: NavStack<number> = build(['A', 'B', 'C', 'D']);
      stack.popToIndex(-1);
      stack.popToIndex(4);
      stack.popToIndex(1.5);
      expect(stack.size()).assertEqual(4);
      stack.popToIndex(1);
      expect(stack.getAllPathName()).assertDeepEquals(['A', 'B']);
      stack.popToIndex(0);
      expect(stack.getAllPathName()).assertDeepEquals(['A']);
    });

    it('moveToTop moves the first match from the bottom', 0, () => {
      const stack: NavStack<number> = build(['A', 'B', 'C', 'B']);
      expect(stack.moveToTop('B')).assertEqual(1);
      expect(stack.getAllPathName()).assertDeepEquals(['A', 'C', 'B', 'B']);
      expect(stack.getParamByName('B')).assertDeepEquals([3, 1]);
      expect(stack.moveToTop('Q')).assertEqual(-1);
      expect(stack.getAllPathName()).assertDeepEquals(['A', 'C', 'B', 'B']);
    });

    it('moveToTop on the top page keeps the order', 0, () => {
      const stack: NavStack<number> = build(['A', 'B']);
      expect(stack.moveToTop('B')).assertEqual(1);
      expect(stack.getAllPathName()).assertDeepEquals(['A', 'B']);
    });

    it('removeByName removes every match', 0, () => {
      const stack: NavStack<number> = build(['Ad', 'Home', 'Ad', 'List', 'Ad']);
      expect(stack.removeByName('Ad')).assertEqual(3);
      expect(stack.getAllPathName()).assertDeepEquals(['Home', 'List']);
      expect(stack.removeByName('Ad')).assertEqual(0);
      expect(stack.getParamByName('List')).assertDeepEquals([3]);
    });

    it('getIndexByName lists all positions', 0, () => {
      const stack: NavStack<number> = build(['X', 'Y', 'X', 'X']);
      expect(stack.getIndexByName('X')).assertDeepEquals([0, 2, 3]);
      expect(stack.getIndexByName('none')).assertDeepEquals([]);
    });

    it('replace on an empty stack pushes', 0, () => {
      const stack: NavStack<string> = new NavStack<string>();
      stack.replacePathByName('Home', 'p');
      expect(stack.getAllPathName()).assertDeepEquals(['Home']);
      const top: NavPathInfo<string> | undefined = stack.pop();
      expect(top === undefined ? '' : top.param).assertEqual('p');
    });

    it('clear empties the stack and names are a copy', 0, () => {
      const stack: NavStack<number> = build(['A', 'B']);
      const names: string[] = stack.getAllPathName();
      names.push('hacked');
      expect(stack.size()).assertEqual(2);
      stack.clear();
      expect(stack.size()).assertEqual(0);
      expect(stack.pop()).assertUndefined();
      expect(stack.popToName('A')).assertEqual(-1);
    });

    it('handles a deep stack', 0, () => {
      const stack: NavStack<number> = new NavStack<number>();
      for (let i = 0; i < 2000; i++) {
        stack.pushPathByName(i % 2 === 0 ? 'List' : 'Detail', i);
      }
      expect(stack.getIndexByName('Detail').length).assertEqual(1000);
      expect(stack.popToName('Detail')).assertEqual(1);
      expect(stack.getAllPathName()).assertDeepEquals(['List', 'Detail']);
    });
  });
}
