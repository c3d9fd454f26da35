// 参考实现：带显式类型与错误处理的库存管理（ArkTS 兼容子集）

export enum Category {
  FOOD = 'FOOD',
  TOOL = 'TOOL',
  BOOK = 'BOOK'
}

export class Item {
  sku: string;
  name: string;
  category: Category;
  price: number;
  qty: number;

  constructor(sku: string, name: string, category: Category, price: number, qty: number) {
    this.sku = sku;
    this.name = name;
    this.category = category;
    this.price = price;
    this.qty = qty;
  }
}

function isNonNegativeInteger(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

export class Inventory {
  private items: Map<string, Item> = new Map<string, Item>();

  add(item: Item): void {
    if (item.sku.trim().length === 0 || !Number.isFinite(item.price) || item.price < 0 ||
      !isNonNegativeInteger(item.qty)) {
      throw new Error('invalid item');
    }
    if (this.items.has(item.sku)) {
      throw new Error('duplicate sku');
    }
    this.items.set(item.sku, item);
  }

  find(sku: string): Item | null {
    const found: Item | undefined = this.items.get(sku);
    return found === undefined ? null : found;
  }

  private require(sku: string): Item {
    const found: Item | null = this.find(sku);
    if (found === null) {
      throw new Error('unknown sku');
    }
    return found;
  }

  restock(sku: string, amount: number): number {
    const item: Item = this.require(sku);
    if (!isPositiveInteger(amount)) {
      throw new Error('invalid amount');
    }
    item.qty += amount;
    return item.qty;
  }

  take(sku: string, amount: number): number {
    const item: Item = this.require(sku);
    if (!isPositiveInteger(amount)) {
      throw new Error('invalid amount');
    }
    if (amount > item.qty) {
      throw new Error('insufficient stock');
    }
    item.qty -= amount;
    return item.qty;
  }

  totalValue(category?: Category): number {
    let cents: number = 0;
    this.items.forEach((item: Item) => {
      if (category === undefined || item.category === category) {
        cents += Math.round(item.price * 100) * item.qty;
      }
    });
    return cents / 100;
  }

  lowStock(threshold: number): string[] {
    const low: Item[] = [];
    this.items.forEach((item: Item) => {
      if (item.qty < threshold) {
        low.push(item);
      }
    });
    low.sort((a: Item, b: Item): number => {
      if (a.qty !== b.qty) {
        return a.qty - b.qty;
      }
      return a.sku < b.sku ? -1 : (a.sku > b.sku ? 1 : 0);
    });
    return low.map((item: Item): string => item.sku);
  }
}

export function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups: Map<string, T[]> = new Map<string, T[]>();
  for (const item of items) {
    const key: string = keyOf(item);
    const bucket: T[] | undefined = groups.get(key);
    if (bucket === undefined) {
      groups.set(key, [item]);
    } else {
      bucket.push(item);
    }
  }
  return groups;
}
