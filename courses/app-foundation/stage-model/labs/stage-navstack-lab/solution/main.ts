// 参考实现：仿 NavPathStack 的路由栈（下标 0 为栈底）

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

  private static checkName(name: string): void {
    if (name.trim().length === 0) {
      throw new Error('invalid name');
    }
  }

  private firstIndexOf(name: string): number {
    for (let i = 0; i < this.pages.length; i++) {
      if (this.pages[i].name === name) {
        return i;
      }
    }
    return -1;
  }

  pushPathByName(name: string, param: P): void {
    NavStack.checkName(name);
    this.pages.push(new NavPathInfo<P>(name, param));
  }

  replacePathByName(name: string, param: P): void {
    NavStack.checkName(name);
    if (this.pages.length > 0) {
      this.pages.pop();
    }
    this.pages.push(new NavPathInfo<P>(name, param));
  }

  pop(): NavPathInfo<P> | undefined {
    return this.pages.pop();
  }

  popToName(name: string): number {
    const index: number = this.firstIndexOf(name);
    if (index >= 0) {
      this.pages.splice(index + 1);
    }
    return index;
  }

  popToIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pages.length) {
      return;
    }
    this.pages.splice(index + 1);
  }

  moveToTop(name: string): number {
    const index: number = this.firstIndexOf(name);
    if (index >= 0) {
      const removed: NavPathInfo<P>[] = this.pages.splice(index, 1);
      this.pages.push(removed[0]);
    }
    return index;
  }

  removeByName(name: string): number {
    const kept: NavPathInfo<P>[] = this.pages.filter((p: NavPathInfo<P>): boolean => p.name !== name);
    const removed: number = this.pages.length - kept.length;
    this.pages = kept;
    return removed;
  }

  getAllPathName(): string[] {
    return this.pages.map((p: NavPathInfo<P>): string => p.name);
  }

  getIndexByName(name: string): number[] {
    const result: number[] = [];
    for (let i = 0; i < this.pages.length; i++) {
      if (this.pages[i].name === name) {
        result.push(i);
      }
    }
    return result;
  }

  getParamByName(name: string): P[] {
    const result: P[] = [];
    for (const page of this.pages) {
      if (page.name === name) {
        result.push(page.param);
      }
    }
    return result;
  }

  size(): number {
    return this.pages.length;
  }

  clear(): void {
    this.pages = [];
  }
}
