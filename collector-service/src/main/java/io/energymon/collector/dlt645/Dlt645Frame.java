package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.Bcd;
import java.util.Arrays;

/**
 * A DL/T 645 frame without its framing: address (6 bytes as on the wire, low byte first), control code and data
 * (the real bytes, without the +0x33 of the wire).
 */
public record Dlt645Frame(byte[] address, int control, byte[] data) {
    public Dlt645Frame {
        if (address.length != 6) {
            throw new IllegalArgumentException("address must be 6 bytes");
        }
        if (control < 0 || control > 0xFF || data.length > 0xFF) {
            throw new IllegalArgumentException("control code must be a byte and data at most 255 bytes");
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
        return o instanceof Dlt645Frame f && control == f.control && Arrays.equals(address, f.address)
                && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(address) + control) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Dlt645Frame[address=" + Bcd.hexHighFirst(address) + ", control=" + String.format("%02X", control)
                + ", data=" + Bcd.hex(data) + "]";
    }
}
