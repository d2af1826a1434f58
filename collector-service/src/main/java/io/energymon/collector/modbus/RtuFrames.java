package io.energymon.collector.modbus;

import io.energymon.collector.modbus.RegisterReader.ExceptionReply;
import io.energymon.collector.modbus.RegisterReader.MalformedReply;
import java.util.HexFormat;

/**
 * Modbus RTU frames of the read functions 03 and 04 (Modbus over serial line, GB/T 19582.2): slave address, PDU,
 * CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF, low byte first).
 */
final class RtuFrames {
    private RtuFrames() {
    }

    /** The request frame reading {@code count} registers from {@code start}. */
    static byte[] readRequest(int unitId, RegisterTable table, int start, int count) {
        byte[] f = {(byte) unitId, (byte) table.functionCode(), (byte) (start >>> 8), (byte) start,
                (byte) (count >>> 8), (byte) count, 0, 0};
        int crc = crc(f, 6);
        f[6] = (byte) crc;
        f[7] = (byte) (crc >>> 8);
        return f;
    }

    /** Where the reply frame starting at byte 0 ends (exception reply: 5 bytes; else 5 + byte count), or -1. */
    static int frameEnd(byte[] buf, int len) {
        if (len < 3) {
            return -1;
        }
        int need = (buf[1] & 0x80) != 0 ? 5 : 5 + (buf[2] & 0xFF);
        return len >= need ? need : -1;
    }

    /**
     * The registers of a reply to {@link #readRequest}.
     *
     * @throws ExceptionReply an exception reply of the device asked
     * @throws MalformedReply wrong CRC, another unit id or function, or a byte count that does not match the request
     */
    static int[] readReply(byte[] frame, int unitId, RegisterTable table, int count) throws ExceptionReply,
            MalformedReply {
        int n = frame.length;
        String hex = HexFormat.ofDelimiter(" ").formatHex(frame);
        if (n < 5) {
            throw new MalformedReply("应答过短 / reply too short: " + hex);
        }
        int expected = crc(frame, n - 2);
        int got = (frame[n - 2] & 0xFF) | (frame[n - 1] & 0xFF) << 8;
        if (expected != got) {
            throw new MalformedReply(String.format("CRC 校验错误 / CRC error: reply %s ends %02X %02X, CRC is %02X %02X",
                    hex, got & 0xFF, got >>> 8, expected & 0xFF, expected >>> 8));
        }
        if ((frame[0] & 0xFF) != unitId) {
            throw new MalformedReply("从站地址不符 / reply from unit " + (frame[0] & 0xFF) + ", asked unit " + unitId
                    + ": " + hex);
        }
        int function = frame[1] & 0xFF;
        if (function == (table.functionCode() | 0x80)) {
            throw new ExceptionReply(frame[2] & 0xFF);
        }
        if (function != table.functionCode()) {
            throw new MalformedReply(String.format("功能码不符 / reply of function %02X to function %02X: %s", function,
                    table.functionCode(), hex));
        }
        if ((frame[2] & 0xFF) != 2 * count || n != 5 + 2 * count) {
            throw new MalformedReply("应答长度错误 / reply holds " + (frame[2] & 0xFF) + " byte(s), asked for "
                    + count + " register(s): " + hex);
        }
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = (frame[3 + 2 * i] & 0xFF) << 8 | (frame[4 + 2 * i] & 0xFF);
        }
        return words;
    }

    /** CRC-16/MODBUS of the first {@code len} bytes. */
    static int crc(byte[] b, int len) {
        int crc = 0xFFFF;
        for (int i = 0; i < len; i++) {
            crc ^= b[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
