export enum ContinueDecision {
  AGREE = 0,
  REJECT = 1,
  MISMATCH = 2
}

export interface ContinueContext {
  continuable: boolean;          // module.json5 中的 continuable
  active: boolean;               // 当前迁移状态是否为 ACTIVE
  targetVersion: number;         // 对端应用版本号（wantParam.version）
  minCompatibleVersion: number;  // 本端可接受的最低对端版本号
}

export interface StateField {
  key: string;
  value: string;
  required: boolean;
  priority: number;
}

export interface PackResult {
  kept: string[];
  dropped: string[];
  bytes: number;
}

export function decideContinue(ctx: ContinueContext): ContinueDecision {
  // TODO: 不可迁移或非 ACTIVE -> REJECT；对端版本过低 -> MISMATCH；否则 AGREE
  return ContinueDecision.AGREE;
}

export function utf8Length(text: string): number {
  // TODO: 按 UTF-8 编码计算字节数（注意中文和代理对）
  return text.length;
}

export function packState(fields: StateField[], limitBytes: number): PackResult {
  // TODO: 校验 -> 放入必需字段 -> 按优先级贪心放入可选字段 -> 排序输出
  const result: PackResult = { kept: [], dropped: [], bytes: 0 };
  return result;
}
