// 参考实现：用普通类模拟 @State / @Prop / @Link 与 @Watch 的同步语义

export type WatchCallback = (changedName: string) => void;
export type Listener = () => void;

export abstract class BaseVar<T> {
  readonly name: string;
  private watchers: WatchCallback[] = [];
  private listeners: Listener[] = [];

  constructor(name: string) {
    this.name = name;
  }

  abstract get(): T;

  abstract set(value: T): void;

  // 注册 @Watch 风格的回调：只在之后的真实变化时调用，注册时不调用
  watch(cb: WatchCallback): void {
    this.watchers.push(cb);
  }

  // 供子变量（@Prop / @Link）订阅本变量的变化
  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  // 先按注册顺序调用本变量的 watch 回调，再按订阅顺序通知子变量
  protected notifyChange(): void {
    for (const cb of this.watchers) {
      cb(this.name);
    }
    for (const listener of this.listeners) {
      listener();
    }
  }
}

export class StateVar<T> extends BaseVar<T> {
  private value: T;

  constructor(name: string, initial: T) {
    super(name);
    this.value = initial;
  }

  get(): T {
    return this.value;
  }

  set(value: T): void {
    if (value === this.value) {
      return;
    }
    this.value = value;
    this.notifyChange();
  }
}

export class PropVar<T> extends BaseVar<T> {
  private value: T;
  private source: BaseVar<T>;
  private clone: (v: T) => T;

  constructor(name: string, source: BaseVar<T>, clone?: (v: T) => T) {
    super(name);
    this.source = source;
    this.clone = clone === undefined ? (v: T): T => v : clone;
    this.value = this.clone(source.get());
    source.subscribe(() => {
      this.resetFromSource();
    });
  }

  private resetFromSource(): void {
    const next: T = this.clone(this.source.get());
    const changed: boolean = next !== this.value;
    this.value = next;
    if (changed) {
      this.notifyChange();
    }
  }

  get(): T {
    return this.value;
  }

  set(value: T): void {
    if (value === this.value) {
      return;
    }
    this.value = value;
    this.notifyChange();
  }
}

export class LinkVar<T> extends BaseVar<T> {
  private source: BaseVar<T>;

  constructor(name: string, source: BaseVar<T>) {
    super(name);
    this.source = source;
    source.subscribe(() => {
      this.notifyChange();
    });
  }

  get(): T {
    return this.source.get();
  }

  set(value: T): void {
    this.source.set(value);
  }
}
