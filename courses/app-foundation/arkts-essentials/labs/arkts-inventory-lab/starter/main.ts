// 库存管理练习：补全 TODO。请保持导出的名称与签名不变。

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

export class Inventory {
  private items: Map<string, Item> = new Map<string, Item>();

  // TODO: 校验商品（sku 非空白、price 为非负有限数、qty 为非负整数），否则抛出 Error('invalid item')；
  //       sku 已存在时抛出 Error('duplicate sku')。
  add(item: Item): void {
  }

  // TODO: 找到则返回商品，否则返回 null。
  find(sku: string): Item | null {
    return null;
  }

  // TODO: 入库，返回新库存。未知 sku → 'unknown sku'；amount 不是正整数 → 'invalid amount'。
  restock(sku: string, amount: number): number {
    return 0;
  }

  // TODO: 出库，返回新库存。除 restock 的错误外，库存不足 → 'insufficient stock'。
  take(sku: string, amount: number): number {
    return 0;
  }

  // TODO: 计算 price × qty 之和（可按类别过滤），结果精确到分。
  totalValue(category?: Category): number {
    return 0;
  }

  // TODO: 返回 qty < threshold 的 sku，按 qty 升序、qty 相同时按 sku 字典序升序。
  lowStock(threshold: number): string[] {
    return [];
  }
}

// TODO: 按 keyOf 的结果分组，组的顺序与组内元素顺序都保持首次出现的顺序。
export function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  return new Map<string, T[]>();
}
