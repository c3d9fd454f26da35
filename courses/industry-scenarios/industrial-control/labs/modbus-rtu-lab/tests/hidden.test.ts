import { describe, it, expect } from '@ohos/hypium';
import { crc16Modbus, buildReadHoldingRegisters, parseReadHoldingResponse } from './main';

export default function modbusHiddenTest() {
  describe('modbus-rtu hidden', () => {
    it('builds a frame with a non-zero start address', 0, () => {
      expect(buildReadHoldingRegisters(0x11, 0x006B, 3)).assertDeepEquals([0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x76, 0x87]);
    });
    it('rejects out-of-range arguments', 0, () => {
      expect(() => {
        buildReadHoldingRegisters(0, 0, 1);
      }).assertThrowError('invalid argument');
      expect(() => {
        buildReadHoldingRegisters(248, 0, 1);
      }).assertThrowError('invalid argument');
      expect(() => {
        buildReadHoldingRegisters(1, 0, 126);
      }).assertThrowError('invalid argument');
      expect(() => {
        buildReadHoldingRegisters(1, 0, 0);
      }).assertThrowError('invalid argument');
      expect(() => {
        buildReadHoldingRegisters(1, 65535, 2);
      }).assertThrowError('invalid argument');
      expect(() => {
        buildReadHoldingRegisters(1, 1.5, 2);
      }).assertThrowError('invalid argument');
    });
    it('boundary request is valid and its CRC residue is zero', 0, () => {
      const frame: number[] = buildReadHoldingRegisters(247, 65411, 125);
      expect(frame.length).assertEqual(8);
      expect(frame.slice(0, 6)).assertDeepEquals([0xF7, 0x03, 0xFF, 0x83, 0x00, 0x7D]);
      expect(crc16Modbus(frame)).assertEqual(0);
    });
    it('detects a corrupted byte', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x01, 0x03, 0x04, 0x00, 0x65, 0x00, 0xC8, 0xBA, 0x7A], 1, 2);
      }).assertThrowError('crc mismatch');
    });
    it('detects an answer from the wrong slave', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x02, 0x03, 0x04, 0x00, 0x64, 0x00, 0xC8, 0x89, 0x7A], 1, 2);
      }).assertThrowError('unexpected slave');
    });
    it('detects a byte count that does not match the quantity', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x01, 0x03, 0x04, 0x00, 0x64, 0x00, 0xC8, 0xBA, 0x7A], 1, 3);
      }).assertThrowError('byte count mismatch');
    });
    it('rejects short frames and unexpected function codes', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x01, 0x03], 1, 1);
      }).assertThrowError('frame too short');
      expect(() => {
        parseReadHoldingResponse([0x01, 0x04, 0x02, 0x00, 0x05, 0x79, 0x33], 1, 1);
      }).assertThrowError('unexpected function');
    });
    it('reports the exception code of a device failure', 0, () => {
      expect(() => {
        parseReadHoldingResponse([0x01, 0x83, 0x04, 0x40, 0xF3], 1, 1);
      }).assertThrowError('modbus exception 4');
    });
    it('returns unsigned values above 0x7FFF', 0, () => {
      const frame: number[] = [0x05, 0x03, 0x06, 0xFF, 0xFF, 0x80, 0x00, 0x12, 0x34, 0x37, 0x19];
      expect(parseReadHoldingResponse(frame, 5, 3)).assertDeepEquals([65535, 32768, 4660]);
    });
    it('crc of an empty input and invalid bytes', 0, () => {
      expect(crc16Modbus([])).assertEqual(0xFFFF);
      expect(() => {
        crc16Modbus([1, 256]);
      }).assertThrowError('invalid byte');
    });
  });
}
