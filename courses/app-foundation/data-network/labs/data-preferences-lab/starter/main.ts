// 练习：实现一个内存中的首选项（Preferences）存储。FakeDisk 已经写好，请补全 TODO，
// 不要修改导出的名称与签名。

export type ValueType = number | string | boolean;
export type ChangeObserver = (key: string) => void;

// 模拟的“磁盘”：每个文件名对应一份键值快照。read/write 都复制数据。
export class FakeDisk {
  private files: Map<string, Map<string, ValueType>> = new Map<string, Map<string, ValueType>>();
  writeCount: number = 0;

  read(name: string): Map<string, ValueType> | undefined {
    const data: Map<string, ValueType> | undefined = this.files.get(name);
    return data === undefined ? undefined : new Map<string, ValueType>(data);
  }

  write(name: string, data: Map<string, ValueType>): void {
    this.files.set(name, new Map<string, ValueType>(data));
    this.writeCount++;
  }
}

// TODO: 返回字符串按 UTF-8 编码后的字节数（注意中文与 emoji）
export function utf8ByteLength(text: string): number {
  return text.length;
}

export class Preferences {
  private disk: FakeDisk;
  private name: string;
  private data: Map<string, ValueType> = new Map<string, ValueType>();

  // TODO: 从 disk 读取名为 name 的快照作为初始数据（不存在则为空）
  constructor(disk: FakeDisk, name: string) {
    this.disk = disk;
    this.name = name;
  }

  // TODO: 校验 key；存在且类型与 defValue 相同则返回存储值，否则返回 defValue
  get(key: string, defValue: ValueType): ValueType {
    return defValue;
  }

  // TODO: 校验 key；是否存在
  has(key: string): boolean {
    return false;
  }

  // TODO: 校验 key；写入内存，真正发生变化时记为“待持久化”
  put(key: string, value: ValueType): void {
  }

  // TODO: 校验 key；删除存在的键并记为“待持久化”
  delete(key: string): void {
  }

  // TODO: 注册观察者（同一函数只注册一次）
  on(observer: ChangeObserver): void {
  }

  // TODO: 取消注册
  off(observer: ChangeObserver): void {
  }

  // TODO: 有待持久化的键时，把内存数据写入 disk，再按规则通知观察者
  async flush(): Promise<void> {
  }
}

// TODO: 同一 disk 上同名的 Preferences 只创建一次
export function getPreferences(disk: FakeDisk, name: string): Preferences {
  return new Preferences(disk, name);
}

// TODO: 从缓存中移除，下次 getPreferences 重新从 disk 加载
export function removePreferencesFromCache(disk: FakeDisk, name: string): void {
}
