import { describe, it, expect } from '@ohos/hypium';
import { Category, Item, Inventory, groupBy } from './main';

export default function inventoryPublicTest() {
  describe('Inventory (public)', () => {
    it('runs the statement example', 0, () => {
      const inv: Inventory = new Inventory();
      inv.add(new Item('A-1', 'Apple', Category.FOOD, 2.5, 10));
      inv.add(new Item('T-9', 'Hammer', Category.TOOL, 30, 1));
      expect(inv.take('A-1', 4)).assertEqual(6);
      expect(inv.restock('T-9', 2)).assertEqual(3);
      expect(inv.totalValue()).assertEqual(105);
      expect(inv.totalValue(Category.FOOD)).assertEqual(15);
      expect(inv.lowStock(5)).assertDeepEquals(['T-9']);
    });

    it('find returns null for unknown sku', 0, () => {
      const inv: Inventory = new Inventory();
      inv.add(new Item('B-2', 'Book', Category.BOOK, 12, 3));
      const found: Item | null = inv.find('B-2');
      expect(found === null ? '' : found.name).assertEqual('Book');
      expect(inv.find('nope')).assertNull();
    });

    it('rejects a duplicate sku', 0, () => {
      const inv: Inventory = new Inventory();
      inv.add(new Item('A-1', 'Apple', Category.FOOD, 2.5, 10));
      expect(() => { inv.add(new Item('A-1', 'Apricot', Category.FOOD, 3, 1)); }).assertThrowError('duplicate sku');
    });

    it('groupBy keeps first-seen order', 0, () => {
      const words: string[] = ['apple', 'bob', 'avocado', 'cat', 'banana'];
      const groups: Map<string, string[]> = groupBy<string>(words, (w: string): string => w.charAt(0));
      expect(Array.from(groups.keys())).assertDeepEquals(['a', 'b', 'c']);
      expect(groups.get('a')).assertDeepEquals(['apple', 'avocado']);
      expect(groups.get('b')).assertDeepEquals(['bob', 'banana']);
    });
  });
}
