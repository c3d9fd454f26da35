function checkBytes(bytes: number[]): void {
  for (const b of bytes) {
    if (!Number.isInteger(b) || b < 0 || b > 255) {
      throw new Error('invalid byte');
    }
  }
}

export function crc16Modbus(bytes: number[]): number {
  checkBytes(bytes);
  let crc: number = 0xFFFF;
  for (const b of bytes) {
    crc ^= b;
    for (let bit = 0; bit < 8; bit++) {
      if ((crc & 0x0001) !== 0) {
        crc = (crc >>> 1) ^ 0xA001;
      } else {
        crc = crc >>> 1;
      }
    }
  }
  return crc & 0xFFFF;
}

function isIntIn(v: number, lo: number, hi: number): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi;
}

export function buildReadHoldingRegisters(slave: number, startAddress: number, quantity: number): number[] {
  if (!isIntIn(slave, 1, 247) || !isIntIn(startAddress, 0, 65535) || !isIntIn(quantity, 1, 125) ||
    startAddress + quantity > 65536) {
    throw new Error('invalid argument');
  }
  const body: number[] = [
    slave,
    0x03,
    (startAddress >>> 8) & 0xFF,
    startAddress & 0xFF,
    (quantity >>> 8) & 0xFF,
    quantity & 0xFF
  ];
  const crc: number = crc16Modbus(body);
  body.push(crc & 0xFF);
  body.push((crc >>> 8) & 0xFF);
  return body;
}

export function parseReadHoldingResponse(frame: number[], slave: number, quantity: number): number[] {
  checkBytes(frame);
  if (frame.length < 5) {
    throw new Error('frame too short');
  }
  const n: number = frame.length;
  const expected: number = crc16Modbus(frame.slice(0, n - 2));
  const received: number = frame[n - 2] | (frame[n - 1] << 8);
  if (expected !== received) {
    throw new Error('crc mismatch');
  }
  if (frame[0] !== slave) {
    throw new Error('unexpected slave');
  }
  if (frame[1] === 0x83) {
    throw new Error('modbus exception ' + frame[2]);
  }
  if (frame[1] !== 0x03) {
    throw new Error('unexpected function');
  }
  const byteCount: number = frame[2];
  if (byteCount !== quantity * 2 || n !== byteCount + 5) {
    throw new Error('byte count mismatch');
  }
  const values: number[] = [];
  for (let i = 0; i < quantity; i++) {
    values.push((frame[3 + 2 * i] << 8) | frame[4 + 2 * i]);
  }
  return values;
}
