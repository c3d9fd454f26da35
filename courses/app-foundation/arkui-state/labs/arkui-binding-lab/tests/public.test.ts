import { describe, it, expect } from '@ohos/hypium';
import { StateVar, PropVar, LinkVar } from './main';

export default function bindingPublicTest() {
  describe('state binding (public)', () => {
    it('runs the statement example', 0, () => {
      const count: StateVar<number> = new StateVar<number>('count', 10);
      const prop: PropVar<number> = new PropVar<number>('propCount', count);
      const link: LinkVar<number> = new LinkVar<number>('linkCount', count);
      prop.set(7);
      expect(count.get()).assertEqual(10);
      expect(prop.get()).assertEqual(7);
      link.set(12);
      expect(count.get()).assertEqual(12);
      expect(prop.get()).assertEqual(12);
    });

    it('watch fires only on real changes', 0, () => {
      const title: StateVar<string> = new StateVar<string>('title', 'a');
      const log: string[] = [];
      title.watch((name: string) => { log.push(name); });
      expect(log.length).assertEqual(0);
      title.set('a');
      expect(log.length).assertEqual(0);
      title.set('b');
      expect(log).assertDeepEquals(['title']);
    });

    it('link is two-way', 0, () => {
      const on: StateVar<boolean> = new StateVar<boolean>('on', false);
      const link: LinkVar<boolean> = new LinkVar<boolean>('childOn', on);
      on.set(true);
      expect(link.get()).assertTrue();
      link.set(false);
      expect(on.get()).assertFalse();
    });

    it('notifies the source first, then children in order', 0, () => {
      const s: StateVar<number> = new StateVar<number>('s', 0);
      const l: LinkVar<number> = new LinkVar<number>('l', s);
      const p: PropVar<number> = new PropVar<number>('p', s);
      const log: string[] = [];
      s.watch((n: string) => { log.push(n); });
      l.watch((n: string) => { log.push(n); });
      p.watch((n: string) => { log.push(n); });
      l.set(5);
      expect(log).assertDeepEquals(['s', 'l', 'p']);
    });
  });
}
