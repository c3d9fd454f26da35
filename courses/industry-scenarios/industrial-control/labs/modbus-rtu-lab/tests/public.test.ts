import { describe, it, expect } from '@ohos/hypium';
import { crc16Modbus, buildReadHoldingRegisters, parseReadHoldingResponse } from './main';

export default function modbusPublicTest() {
  describe('modbus-rtu public', () => {
    it('crc of a read request', 0, () => {
      expect(crc16Modbus([0x01, 0x03, 0x00, 0x00, 0x00, 0x0A])).assertEqual(0xCDC5);
    });
    it('crc check value of "123456789"', 0, () => {
      const ascii: number[] = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39];
      expect(crc16Modbus(ascii)).assertEqual(0x4B37);
    });
    it('builds the request frame with CRC low byte first', 0, () => {
      expect(buildReadHoldingRegisters(1, 0, 10)).assertDeepEquals([0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD]);
    });
    it('statement example: parses two registers', 0, () => {
      const frame: number[] = [0x01, 0x03, 0x04, 0x00, 0x64, 0x00, 0xC8, 0xBA, 0x7A];
      expect(parseReadHoldingResponse(frame, 1, 2)).assertDeepEquals([100, 200]);
    });
    it('reports an exception response', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x01, 0x83, 0x02, 0xC0, 0xF1], 1, 2);
      }).assertThrowError('modbus exception 2');
    });
  });
}
