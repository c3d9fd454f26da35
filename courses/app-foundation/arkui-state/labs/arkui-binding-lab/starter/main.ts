// 练习：用普通类模拟 @State / @Prop / @Link 与 @Watch 的同步语义。
// BaseVar 已经实现好，请补全三个子类中的 TODO，不要修改导出的名称和签名。

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

  // TODO: 新值与旧值严格相等（===）时什么都不做；否则更新并调用 notifyChange()
  set(value: T): void {
  }
}

export class PropVar<T> extends BaseVar<T> {
  private value: T;

  // TODO: 保存 source 与 clone（未提供时使用恒等函数），用 clone(source.get()) 初始化本地值，
  //       并订阅 source：数据源每次变化都用新拷贝覆盖本地值，覆盖前后不严格相等时通知变化
  constructor(name: string, source: BaseVar<T>, clone?: (v: T) => T) {
    super(name);
    this.value = source.get();
  }

  get(): T {
    return this.value;
  }

  // TODO: 只修改本地值（不写回数据源），值变化时通知
  set(value: T): void {
  }
}

export class LinkVar<T> extends BaseVar<T> {
  private source: BaseVar<T>;

  // TODO: 订阅 source，数据源变化时通知本变量的观察者
  constructor(name: string, source: BaseVar<T>) {
    super(name);
    this.source = source;
  }

  get(): T {
    return this.source.get();
  }

  // TODO: 写回数据源
  set(value: T): void {
  }
}
