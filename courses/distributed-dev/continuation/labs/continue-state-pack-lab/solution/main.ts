export enum ContinueDecision {
  AGREE = 0,
  REJECT = 1,
  MISMATCH = 2
}

export interface ContinueContext {
  continuable: boolean;
  active: boolean;
  targetVersion: number;
  minCompatibleVersion: number;
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
  if (!ctx.continuable || !ctx.active) {
    return ContinueDecision.REJECT;
  }
  if (ctx.targetVersion < ctx.minCompatibleVersion) {
    return ContinueDecision.MISMATCH;
  }
  return ContinueDecision.AGREE;
}

export function utf8Length(text: string): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 2;
        continue;
      }
      bytes += 3;
    } else {
      bytes += 3;
    }
    i += 1;
  }
  return bytes;
}

function byKey(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

export function packState(fields: StateField[], limitBytes: number): PackResult {
  if (!Number.isInteger(limitBytes) || limitBytes < 0) {
    throw new Error('invalid limit');
  }
  const seen: Set<string> = new Set();
  for (const f of fields) {
    if (seen.has(f.key)) {
      throw new Error('duplicate key');
    }
    seen.add(f.key);
  }
  const kept: string[] = [];
  const dropped: string[] = [];
  let used = 0;
  for (const f of fields) {
    if (f.required) {
      used += utf8Length(f.key) + utf8Length(f.value);
      kept.push(f.key);
    }
  }
  if (used > limitBytes) {
    throw new Error('required state too large');
  }
  const optional: StateField[] = fields.filter((f: StateField) => !f.required);
  optional.sort((a: StateField, b: StateField): number => {
    if (a.priority !== b.priority) {
      return b.priority - a.priority;
    }
    return byKey(a.key, b.key);
  });
  for (const f of optional) {
    const size = utf8Length(f.key) + utf8Length(f.value);
    if (used + size <= limitBytes) {
      used += size;
      kept.push(f.key);
    } else {
      dropped.push(f.key);
    }
  }
  kept.sort(byKey);
  dropped.sort(byKey);
  const result: PackResult = { kept: kept, dropped: dropped, bytes: used };
  return result;
}
