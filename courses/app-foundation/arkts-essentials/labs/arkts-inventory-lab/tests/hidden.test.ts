import { describe, it, expect } from '@ohos/hypium';
import { Category, Item, Inventory, groupBy } from './main';

function sample(): Inventory {
  const inv: Inventory = new Inventory();
  inv.add(new Item('F-2', 'Bread', Category.FOOD, 0.1, 3));
  inv.add(new Item('F-1', 'Milk', Category.FOOD, 0.2, 3));
  inv.add(new Item('T-1', 'Saw', Category.TOOL, 19.99, 0));
  inv.add(new Item('B-1', 'Novel', Category.BOOK, 8, 1));
  return inv;
}

export default function inventoryHiddenTest() {
  describe('Inventory (hidden)', () => {
    it('validates items on add', 0, () => {
      const inv: Inventory = new Inventory();
      expect(() => { inv.add(new Item('', 'Empty', Category.FOOD, 1, 1)); }).assertThrowError('invalid item');
      expect(() => { inv.add(new Item('   ', 'Blank', Category.FOOD, 1, 1)); }).assertThrowError('invalid item');
      expect(() => { inv.add(new Item('X', 'Neg', Category.FOOD, -1, 1)); }).assertThrowError('invalid item');
      expect(() => { inv.add(new Item('Y', 'Frac', Category.FOOD, 1, 1.5)); }).assertThrowError('invalid item');
      expect(() => { inv.add(new Item('Z', 'NegQ', Category.FOOD, 1, -2)); }).assertThrowError('invalid item');
      expect(inv.find('X')).assertNull();
    });

    it('accepts zero price and zero quantity', 0, () => {
      const inv: Inventory = new Inventory();
      inv.add(new Item('G', 'Gift', Category.BOOK, 0, 0));
      expect(inv.totalValue()).assertEqual(0);
      expect(inv.lowStock(1)).assertDeepEquals(['G']);
    });

    it('rejects unknown sku and bad amounts', 0, () => {
      const inv: Inventory = sample();
      expect(() => { inv.restock('missing', 1); }).assertThrowError('unknown sku');
      expect(() => { inv.take('missing', 1); }).assertThrowError('unknown sku');
      expect(() => { inv.restock('F-1', 0); }).assertThrowError('invalid amount');
      expect(() => { inv.restock('F-1', 2.5); }).assertThrowError('invalid amount');
      expect(() => { inv.take('F-1', -1); }).assertThrowError('invalid amount');
    });

    it('take fails without changing stock when insufficient', 0, () => {
      const inv: Inventory = sample();
      expect(() => { inv.take('B-1', 2); }).assertThrowError('insufficient stock');
      const b: Item | null = inv.find('B-1');
      expect(b === null ? -1 : b.qty).assertEqual(1);
      expect(inv.take('B-1', 1)).assertEqual(0);
    });

    it('totalValue is exact to the cent', 0, () => {
      const inv: Inventory = sample();
      expect(inv.totalValue(Category.FOOD)).assertEqual(0.9);
      expect(inv.totalValue(Category.TOOL)).assertEqual(0);
      inv.restock('T-1', 3);
      expect(inv.totalValue(Category.TOOL)).assertEqual(59.97);
      expect(inv.totalValue()).assertEqual(68.87);
    });

    it('lowStock sorts by qty then sku', 0, () => {
      const inv: Inventory = sample();
      expect(inv.lowStock(4)).assertDeepEquals(['T-1', 'B-1', 'F-1', 'F-2']);
      expect(inv.lowStock(0)).assertDeepEquals([]);
      expect(new Inventory().lowStock(100)).assertDeepEquals([]);
    });

    it('groupBy on empty input and objects', 0, () => {
      expect(groupBy<number>([], (n: number): string => String(n)).size).assertEqual(0);
      const inv: Inventory = sample();
      const items: Item[] = [];
      const skus: string[] = ['F-2', 'T-1', 'F-1', 'B-1'];
      for (const s of skus) {
        const it0: Item | null = inv.find(s);
        if (it0 !== null) {
          items.push(it0);
        }
      }
      const byCat: Map<string, Item[]> = groupBy<Item>(items, (i: Item): string => i.category);
      expect(Array.from(byCat.keys())).assertDeepEquals(['FOOD', 'TOOL', 'BOOK']);
      const food: Item[] | undefined = byCat.get('FOOD');
      expect(food === undefined ? [] : food.map((i: Item): string => i.sku)).assertDeepEquals(['F-2', 'F-1']);
    });

    it('handles many items', 0, () => {
      const inv: Inventory = new Inventory();
      for (let i = 0; i < 500; i++) {
        inv.add(new Item('S' + String(1000 + i), 'Item ' + String(i), i % 2 === 0 ? Category.FOOD : Category.TOOL, 1.01, i % 7));
      }
      let expectedCents: number = 0;
      for (let i = 0; i < 500; i++) {
        expectedCents += 101 * (i % 7);
      }
      expect(inv.totalValue()).assertEqual(expectedCents / 100);
      const low: string[] = inv.lowStock(1);
      expect(low.length).assertEqual(72);
      expect(low[0]).assertEqual('S1000');
      expect(low[1]).assertEqual('S1007');
    });
  });
}
