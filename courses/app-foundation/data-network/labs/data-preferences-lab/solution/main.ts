// 参考实现：内存中的首选项（Preferences）存储，flush 时持久化并通知观察者

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

export function utf8ByteLength(text: string): number {
  let bytes: number = 0;
  for (let i = 0; i < text.length; i++) {
    const code: number = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xD800 && code <= 0xDBFF && i + 1 < text.length) {
      const next: number = text.charCodeAt(i + 1);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

function checkKey(key: string): void {
  if (key.length === 0 || utf8ByteLength(key) > 1024) {
    throw new Error('invalid key');
  }
}

export class Preferences {
  private disk: FakeDisk;
  private name: string;
  private data: Map<string, ValueType>;
  private pending: Set<string> = new Set<string>();
  private observers: ChangeObserver[] = [];

  constructor(disk: FakeDisk, name: string) {
    this.disk = disk;
    this.name = name;
    const stored: Map<string, ValueType> | undefined = disk.read(name);
    this.data = stored === undefined ? new Map<string, ValueType>() : stored;
  }

  private markPending(key: string): void {
    this.pending.add(key);
  }

  get(key: string, defValue: ValueType): ValueType {
    checkKey(key);
    const value: ValueType | undefined = this.data.get(key);
    if (value === undefined || typeof value !== typeof defValue) {
      return defValue;
    }
    return value;
  }

  has(key: string): boolean {
    checkKey(key);
    return this.data.has(key);
  }

  put(key: string, value: ValueType): void {
    checkKey(key);
    if (this.data.has(key) && this.data.get(key) === value) {
      return;
    }
    this.data.set(key, value);
    this.markPending(key);
  }

  delete(key: string): void {
    checkKey(key);
    if (this.data.delete(key)) {
      this.markPending(key);
    }
  }

  on(observer: ChangeObserver): void {
    if (this.observers.indexOf(observer) < 0) {
      this.observers.push(observer);
    }
  }

  off(observer: ChangeObserver): void {
    const index: number = this.observers.indexOf(observer);
    if (index >= 0) {
      this.observers.splice(index, 1);
    }
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) {
      return;
    }
    this.disk.write(this.name, this.data);
    const changed: string[] = Array.from(this.pending);
    this.pending = new Set<string>();
    const observers: ChangeObserver[] = this.observers.slice();
    for (const key of changed) {
      for (const observer of observers) {
        observer(key);
      }
    }
  }
}

const cache: Map<FakeDisk, Map<string, Preferences>> = new Map<FakeDisk, Map<string, Preferences>>();

export function getPreferences(disk: FakeDisk, name: string): Preferences {
  let byName: Map<string, Preferences> | undefined = cache.get(disk);
  if (byName === undefined) {
    byName = new Map<string, Preferences>();
    cache.set(disk, byName);
  }
  const existing: Preferences | undefined = byName.get(name);
  if (existing !== undefined) {
    return existing;
  }
  const created: Preferences = new Preferences(disk, name);
  byName.set(name, created);
  return created;
}

export function removePreferencesFromCache(disk: FakeDisk, name: string): void {
  const byName: Map<string, Preferences> | undefined = cache.get(disk);
  if (byName !== undefined) {
    byName.delete(name);
  }
}
