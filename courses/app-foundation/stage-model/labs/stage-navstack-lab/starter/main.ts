// 练习：实现一个仿 NavPathStack 的路由栈。下标 0 为栈底，size() - 1 为栈顶。
// 请补全 TODO，不要修改导出的名称与签名。

export class NavPathInfo<P> {
  name: string;
  param: P;

  constructor(name: string, param: P) {
    this.name = name;
    this.param = param;
  }
}

export class NavStack<P> {
  private pages: NavPathInfo<P>[] = [];

  // TODO: name 去掉首尾空白后为空时抛出 Error('invalid name')；否则入栈
  pushPathByName(name: string, param: P): void {
  }

  // TODO: 校验 name；栈非空时先移除栈顶，再入栈新页面
  replacePathByName(name: string, param: P): void {
  }

  // TODO: 弹出并返回栈顶页面；空栈返回 undefined
  pop(): NavPathInfo<P> | undefined {
    return undefined;
  }

  // TODO: 回退到由栈底开始第一个同名页面，返回其下标；不存在返回 -1 且栈不变
  popToName(name: string): number {
    return -1;
  }

  // TODO: 回退到 index 指定的页面；index 不是合法下标时什么都不做
  popToIndex(index: number): void {
  }

  // TODO: 把由栈底开始第一个同名页面移到栈顶，返回它移动前的下标；不存在返回 -1
  moveToTop(name: string): number {
    return -1;
  }

  // TODO: 删除所有同名页面，返回删除数量，其余页面顺序不变
  removeByName(name: string): number {
    return 0;
  }

  // TODO: 从栈底到栈顶返回所有页面名称（返回新数组）
  getAllPathName(): string[] {
    return [];
  }

  // TODO: 返回所有同名页面的下标（升序）
  getIndexByName(name: string): number[] {
    return [];
  }

  // TODO: 返回所有同名页面的参数（从栈底到栈顶）
  getParamByName(name: string): P[] {
    return [];
  }

  size(): number {
    return 0;
  }

  // TODO: 清空
  clear(): void {
  }
}
