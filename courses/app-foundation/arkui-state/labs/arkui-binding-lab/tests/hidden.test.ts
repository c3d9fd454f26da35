import { describe, it, expect } from '@ohos/hypium';
import { StateVar, PropVar, LinkVar } from './main';

function copyList(v: number[]): number[] {
  return v.slice();
}

export default function bindingHiddenTest() {
  describe('state binding (hidden)', () => {
    it('prop local edits are overwritten by the source', 0, () => {
      const s: StateVar<number> = new StateVar<number>('s', 1);
      const p: PropVar<number> = new PropVar<number>('p', s);
      const log: string[] = [];
      p.watch((n: string) => { log.push(n); });
      p.set(5);
      p.set(5);
      expect(log).assertDeepEquals(['p']);
      s.set(2);
      expect(p.get()).assertEqual(2);
      expect(log).assertDeepEquals(['p', 'p']);
    });

    it('prop reset to an equal value does not fire watch', 0, () => {
      const s: StateVar<number> = new StateVar<number>('s', 10);
      const p: PropVar<number> = new PropVar<number>('p', s);
      p.set(11);
      let fired: number = 0;
      p.watch(() => { fired++; });
      s.set(11);
      expect(p.get()).assertEqual(11);
      expect(fired).assertEqual(0);
    });

    it('clone gives the prop its own copy', 0, () => {
      const s: StateVar<number[]> = new StateVar<number[]>('list', [1, 2, 3]);
      const p: PropVar<number[]> = new PropVar<number[]>('copy', s, copyList);
      p.get().push(4);
      expect(s.get()).assertDeepEquals([1, 2, 3]);
      expect(p.get()).assertDeepEquals([1, 2, 3, 4]);
      const next: number[] = [9];
      s.set(next);
      expect(p.get()).assertDeepEquals([9]);
      expect(p.get() === next).assertFalse();
      const shared: PropVar<number[]> = new PropVar<number[]>('shared', s);
      expect(shared.get() === next).assertTrue();
    });

    it('same reference is not a change', 0, () => {
      const arr: number[] = [1];
      const s: StateVar<number[]> = new StateVar<number[]>('arr', arr);
      let fired: number = 0;
      s.watch(() => { fired++; });
      arr.push(2);
      s.set(arr);
      expect(fired).assertEqual(0);
      s.set([1, 2]);
      expect(fired).assertEqual(1);
    });

    it('link of a link reaches the root state', 0, () => {
      const root: StateVar<string> = new StateVar<string>('root', 'x');
      const child: LinkVar<string> = new LinkVar<string>('child', root);
      const grand: LinkVar<string> = new LinkVar<string>('grand', child);
      const log: string[] = [];
      root.watch((n: string) => { log.push(n); });
      child.watch((n: string) => { log.push(n); });
      grand.watch((n: string) => { log.push(n); });
      grand.set('y');
      expect(root.get()).assertEqual('y');
      expect(child.get()).assertEqual('y');
      expect(log).assertDeepEquals(['root', 'child', 'grand']);
      grand.set('y');
      expect(log.length).assertEqual(3);
    });

    it('prop initialised from a link follows the root', 0, () => {
      const root: StateVar<number> = new StateVar<number>('root', 0);
      const link: LinkVar<number> = new LinkVar<number>('link', root);
      const prop: PropVar<number> = new PropVar<number>('prop', link);
      prop.set(100);
      expect(root.get()).assertEqual(0);
      link.set(3);
      expect(prop.get()).assertEqual(3);
    });

    it('link to a prop writes only into the prop', 0, () => {
      const root: StateVar<number> = new StateVar<number>('root', 1);
      const prop: PropVar<number> = new PropVar<number>('prop', root);
      const link: LinkVar<number> = new LinkVar<number>('link', prop);
      link.set(50);
      expect(prop.get()).assertEqual(50);
      expect(root.get()).assertEqual(1);
      root.set(2);
      expect(link.get()).assertEqual(2);
    });

    it('watchers run in registration order and may cascade', 0, () => {
      const apples: StateVar<number> = new StateVar<number>('apples', 0);
      const total: StateVar<number> = new StateVar<number>('total', 0);
      const log: string[] = [];
      apples.watch((n: string) => { log.push('first:' + n); });
      apples.watch((n: string) => {
        log.push('second:' + n);
        total.set(apples.get() * 2);
      });
      total.watch((n: string) => { log.push('third:' + n); });
      apples.set(4);
      expect(total.get()).assertEqual(8);
      expect(log).assertDeepEquals(['first:apples', 'second:apples', 'third:total']);
    });

    it('many children update from one change', 0, () => {
      const s: StateVar<number> = new StateVar<number>('s', 0);
      const props: PropVar<number>[] = [];
      let calls: number = 0;
      for (let i = 0; i < 300; i++) {
        const p: PropVar<number> = new PropVar<number>('p' + String(i), s);
        p.watch(() => { calls++; });
        if (i % 3 === 0) {
          p.set(7);
        }
        props.push(p);
      }
      s.set(7);
      let allSeven: boolean = true;
      for (const p of props) {
        if (p.get() !== 7) {
          allSeven = false;
        }
      }
      expect(allSeven).assertTrue();
      expect(calls).assertEqual(300);
    });
  });
}
