package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.Bcd;
import java.util.Arrays;

/**
 * A CJ/T 188 frame without its framing: meter type T, address (7 bytes as on the wire, low byte first), control code
 * and data (for reads: DI0 DI1 SER, then the values). CJ/T 188 sends data bytes as they are (no +0x33).
 */
public record Cjt188Frame(int meterType, byte[] address, int control, byte[] data) {
    public Cjt188Frame {
        if (address.length != 7) {
            throw new IllegalArgumentException("address must be 7 bytes");
        }
        if (meterType < 0 || meterType > 0xFF || control < 0 || control > 0xFF || data.length > 0xFF) {
            throw new IllegalArgumentException("type and control must be bytes, data at most 255 bytes");
        }
        address = address.clone();
        data = data.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cjt188Frame f && meterType == f.meterType && control == f.control
                && Arrays.equals(address, f.address) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * meterType + Arrays.hashCode(address)) + control) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("Cjt188Frame[type=%02X, address=%s, control=%02X, data=%s]", meterType,
                Bcd.hexHighFirst(address), control, Bcd.hex(data));
    }
}
