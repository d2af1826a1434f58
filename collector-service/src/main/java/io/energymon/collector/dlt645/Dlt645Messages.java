package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.Bcd;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import java.util.Arrays;

/** The DL/T 645 requests the collector sends and the checks of their replies. */
public final class Dlt645Messages {
    /** Wake-up bytes sent before each request (many meters need them to wake their receiver). */
    public static final byte[] WAKE_UP = {(byte) 0xFE, (byte) 0xFE, (byte) 0xFE, (byte) 0xFE};
    static final int READ_ADDRESS = 0x13;
    static final int READ_ADDRESS_REPLY = 0x93;

    private Dlt645Messages() {
    }

    /** Read data: control 11 (2007) or 01 (1997), data = the DI, DI0 first. */
    public static byte[] readRequest(Dlt645Address address, Dlt645DataId di) {
        return Dlt645FrameCodec.encode(new Dlt645Frame(address.wire(), di.version().read(), di.wire()));
    }

    /**
     * Read the next frame of a reply that announced more: control 12 with DI and frame number (2007), control 02
     * with DI (1997).
     */
    public static byte[] followUpRequest(Dlt645Address address, Dlt645DataId di, int seq) {
        byte[] d = di.wire();
        if (di.version() == Dlt645Version.V2007) {
            d = Arrays.copyOf(d, d.length + 1);
            d[d.length - 1] = (byte) seq;
        }
        return Dlt645FrameCodec.encode(new Dlt645Frame(address.wire(), di.version().followUp(), d));
    }

    /** Read address (2007), to the wildcard address: {@code 68 AA AA AA AA AA AA 68 13 00 DF 16}. */
    public static byte[] readAddressRequest() {
        return Dlt645FrameCodec.encode(new Dlt645Frame(Dlt645Address.WILDCARD.wire(), READ_ADDRESS, new byte[0]));
    }

    /**
     * The data of one reply frame after its DI (without the frame number of a follow-up reply), and whether the meter
     * announced more frames.
     */
    public record Part(byte[] data, boolean more) {
        public Part {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /**
     * The value of a single-frame read reply from {@code address} for {@code di} (of a reply announcing more frames:
     * the value in its first frame).
     *
     * @throws Dlt645Exception not a valid frame, another meter's frame, an error reply (decoded), a reply to
     *                         something else, or a value that does not decode
     */
    public static Dlt645Value readReply(byte[] bytes, Dlt645Address address, Dlt645DataId di) throws Dlt645Exception {
        Part p = readPart(bytes, address, di);
        return value(di, p.data(), p.more());
    }

    /**
     * The first frame of a read reply (91, or B1 when more frames follow; 1997: 81, A1).
     *
     * @throws Dlt645Exception as {@link #readReply}, except that the data is not decoded
     */
    public static Part readPart(byte[] bytes, Dlt645Address address, Dlt645DataId di) throws Dlt645Exception {
        Dlt645Version v = di.version();
        return part(bytes, address, di, v.reply(), v.replyMore(), v.error(), -1);
    }

    /**
     * A frame replying to the follow-up request with frame number {@code seq} (92, or B2 when still more follow,
     * with DI, data and SEQ; 1997: 82, A2, with DI and data).
     *
     * @throws Dlt645Exception as {@link #readReply}, or a frame number other than {@code seq}
     */
    public static Part followUpPart(byte[] bytes, Dlt645Address address, Dlt645DataId di, int seq)
            throws Dlt645Exception {
        Dlt645Version v = di.version();
        return part(bytes, address, di, v.followUpReply(), v.followUpReplyMore(), v.followUpError(),
                v.hasFrameNumber() ? seq & 0xFF : -1);
    }

    private static Part part(byte[] bytes, Dlt645Address address, Dlt645DataId di, int normal, int more, int error,
                             int seq) throws Dlt645Exception {
        Dlt645Frame f = Dlt645FrameCodec.decode(bytes);
        checkAddress(f, address);
        Dlt645Version v = di.version();
        byte[] data = f.data();
        if (f.control() == error) {
            throw Dlt645ErrorCodes.exception(v, data);
        }
        if (f.control() != normal && f.control() != more) {
            throw new Dlt645Exception(Kind.UNEXPECTED, "控制码不是所读数据的应答", String.format(
                    "control code %02X is not a %s reply (%02X or %02X)", f.control(), v.title(), normal, more));
        }
        byte[] expected = di.wire();
        int tail = seq >= 0 ? 1 : 0;
        if (data.length < expected.length + tail
                || !Arrays.equals(data, 0, expected.length, expected, 0, expected.length)) {
            throw new Dlt645Exception(Kind.UNEXPECTED, "应答的数据标识不符", "reply is not for DI " + di + ": data "
                    + Bcd.hex(data));
        }
        if (seq >= 0 && (data[data.length - 1] & 0xFF) != seq) {
            throw new Dlt645Exception(Kind.UNEXPECTED, "后续帧序号不符", String.format(
                    "follow-up reply carries frame number %02X, %02X was asked", data[data.length - 1] & 0xFF, seq));
        }
        return new Part(Arrays.copyOfRange(data, expected.length, data.length - tail), f.control() == more);
    }

    /**
     * Decodes the data of {@code di} (all its frames, after the DI) in the identifier's format.
     *
     * @throws Dlt645Exception the identifier is not known, or the data does not decode
     */
    public static Dlt645Value value(Dlt645DataId di, byte[] data, boolean more) throws Dlt645Exception {
        Dlt645ValueFormat format = Dlt645DataIds.format(di).orElseThrow(() -> new Dlt645Exception(Kind.VALUE,
                "不支持的数据标识 " + di, "DI " + di + " is not decoded by this collector"));
        return new Dlt645Value(Dlt645DataIds.decode(format, data, 0, data.length), format.unit(), more);
    }

    /** The address in a read-address reply (control 93). */
    public static Dlt645Address addressReply(byte[] bytes) throws Dlt645Exception {
        Dlt645Frame f = Dlt645FrameCodec.decode(bytes);
        byte[] data = f.data();
        if (f.control() != READ_ADDRESS_REPLY || data.length != 6) {
            throw new Dlt645Exception(Kind.UNEXPECTED, "不是读通信地址应答", String.format(
                    "control code %02X with %d data byte(s) is no read-address reply (93, 6 bytes)", f.control(),
                    data.length));
        }
        if (Bcd.lowFirst(data, 0, 6) < 0) {
            throw new Dlt645Exception(Kind.VALUE, "通信地址不是 BCD 码", "address is not BCD: " + Bcd.hex(data));
        }
        return new Dlt645Address(Bcd.hexHighFirst(data));
    }

    private static void checkAddress(Dlt645Frame f, Dlt645Address address) throws Dlt645Exception {
        if (!address.isWildcard() && !Arrays.equals(f.address(), address.wire())) {
            String from = Bcd.hexHighFirst(f.address());
            throw new Dlt645Exception(Kind.ADDRESS, "应答来自表 " + from + "，不是表 " + address,
                    "reply from meter " + from + ", not " + address);
        }
    }
}
