/**
 * CRC-16/MODBUS：初值 0xFFFF，多项式 0xA001（右移），无最终异或。
 * CRC-16/MODBUS: init 0xFFFF, polynomial 0xA001 (shift right), no final XOR.
 */
export function crc16Modbus(bytes: number[]): number {
  // TODO: 校验字节并逐位计算 CRC
  return 0;
}

/**
 * 构造功能码 0x03 的 RTU 请求帧（含 CRC，低字节在前）。
 * Builds an RTU request frame for function 0x03 (CRC low byte first).
 */
export function buildReadHoldingRegisters(slave: number, startAddress: number, quantity: number): number[] {
  // TODO: 校验参数，拼出 6 字节报文体并追加 CRC
  return [];
}

/**
 * 校验并解析 0x03 的响应帧，返回寄存器值（0..65535）。
 * Validates and parses a 0x03 response frame; returns register values (0..65535).
 */
export function parseReadHoldingResponse(frame: number[], slave: number, quantity: number): number[] {
  // TODO: 按题目规定的顺序逐项校验，再按大端取出寄存器
  return [];
}
