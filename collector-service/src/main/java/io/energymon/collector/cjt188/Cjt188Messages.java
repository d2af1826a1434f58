package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.Bcd;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.util.Arrays;

/** The CJ/T 188 requests the collector sends and the checks of their replies. */
public final class Cjt188Messages {
    /** Wake-up bytes sent before each request. */
    public static final byte[] WAKE_UP = {(byte) 0xFE, (byte) 0xFE, (byte) 0xFE, (byte) 0xFE};
    static final int READ = 0x01;
    static final int READ_REPLY = 0x81;
    static final int READ_ERROR = 0xC1;

    private Cjt188Messages() {
    }

    /**
     * What is asked: meter, data identifier and its byte order, serial number.
     *
     * @param dataId          as written in CJ/T 188 (DI1 DI0), e.g. {@code 0x901F}
     * @param highByteFirst   false: sent DI0 first ({@code 1F 90}) as CJ/T 188-2004 says; true: DI1 first
     *                        ({@code 90 1F}), as some makers' meters expect
     * @param ser             serial number SER (0..255), echoed by the meter
     */
    public record Request(Cjt188MeterType type, Cjt188Address address, int dataId, boolean highByteFirst, int ser) {
        byte[] diWire() {
            byte hi = (byte) (dataId >>> 8);
            byte lo = (byte) dataId;
            return highByteFirst ? new byte[] {hi, lo} : new byte[] {lo, hi};
        }
    }

    /** Read data: control 01, data DI0 DI1 SER (in the request's byte order). */
    public static byte[] readRequest(Request r) {
        byte[] di = r.diWire();
        return Cjt188FrameCodec.encode(new Cjt188Frame(r.type().code(), r.address().wire(), READ,
                new byte[] {di[0], di[1], (byte) r.ser()}));
    }

    /**
     * The values of a read reply to {@code r}.
     *
     * @throws Cjt188Exception not a valid frame, another meter's frame (address or type), an error reply, a reply
     *                         to something else (control, DI, SER), or values that do not decode
     */
    public static Cjt188Readout readReply(byte[] bytes, Request r) throws Cjt188Exception {
        Cjt188Frame f = Cjt188FrameCodec.decode(bytes);
        if (!r.address().isWildcard() && !Arrays.equals(f.address(), r.address().wire())) {
            String from = Bcd.hexHighFirst(f.address());
            throw new Cjt188Exception(Kind.ADDRESS, "应答来自表 " + from + "，不是表 " + r.address(),
                    "reply from meter " + from + ", not " + r.address());
        }
        if (f.meterType() != r.type().code()) {
            throw new Cjt188Exception(Kind.ADDRESS, String.format("应答的仪表类型 %02X 不是 %s", f.meterType(), r.type()),
                    String.format("reply from a meter of type %02X, not %s", f.meterType(), r.type()));
        }
        byte[] data = f.data();
        if (f.control() == READ_ERROR) {
            throw new Cjt188Exception(Kind.ERROR_REPLY, "表计异常应答", "meter error reply"
                    + (data.length == 0 ? "" : ", data " + Bcd.hex(data)));
        }
        if (f.control() != READ_REPLY) {
            throw new Cjt188Exception(Kind.UNEXPECTED, "控制码不是读数据应答", String.format(
                    "control code %02X is not a read reply (81)", f.control()));
        }
        byte[] di = r.diWire();
        if (data.length < 3 || data[0] != di[0] || data[1] != di[1]) {
            throw new Cjt188Exception(Kind.UNEXPECTED, "应答的数据标识不符", String.format(
                    "reply is not for DI %04X (sent %s): data %s", r.dataId(), Bcd.hex(di), Bcd.hex(data)));
        }
        if ((data[2] & 0xFF) != r.ser()) {
            throw new Cjt188Exception(Kind.UNEXPECTED, "应答序号不符", String.format(
                    "reply has SER %02X, the request %02X", data[2] & 0xFF, r.ser()));
        }
        return Cjt188DataIds.decode(r.dataId(), r.type().family(), data, 3, data.length - 3);
    }
}
