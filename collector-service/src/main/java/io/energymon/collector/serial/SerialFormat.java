package io.energymon.collector.serial;

import io.energymon.domain.config.Protocol;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line settings of a serial port, as master data writes them ({@code DeviceConfig.serialFormat}):
 * {@code <baud>-<data bits><parity><stop bits>}, e.g. {@code 9600-8N1} or {@code 2400-8E1}.
 *
 * @param baudRate bits per second
 * @param dataBits 7 or 8
 * @param parity   none, even or odd
 * @param stopBits 1 or 2
 */
public record SerialFormat(int baudRate, int dataBits, Parity parity, int stopBits) {
    private static final Pattern TEXT = Pattern.compile("(\\d{3,6})-([78])([NEO])([12])");

    /** Modbus RTU's usual setting. */
    public static final SerialFormat MODBUS_DEFAULT = new SerialFormat(9600, 8, Parity.NONE, 1);
    /** DL/T 645 and CJ/T 188 meters' usual setting (2400 baud, even parity). */
    public static final SerialFormat METER_BUS_DEFAULT = new SerialFormat(2400, 8, Parity.EVEN, 1);

    /** Parity bit. */
    public enum Parity { NONE, EVEN, ODD }

    public SerialFormat {
        if (baudRate < 300 || baudRate > 921_600) {
            throw new IllegalArgumentException("baud rate " + baudRate + " is not 300..921600");
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("data bits must be 7 or 8, got " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits must be 1 or 2, got " + stopBits);
        }
    }

    /**
     * The format a text names, or the protocol's default when the text is null or blank.
     *
     * @throws IllegalArgumentException (message in Chinese and English) when the text is not of the form 9600-8N1
     */
    public static SerialFormat parse(String text, Protocol protocol) {
        if (text == null || text.isBlank()) {
            return protocol != null && protocol.isModbus() ? MODBUS_DEFAULT : METER_BUS_DEFAULT;
        }
        Matcher m = TEXT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("串口参数“" + text + "”格式应为 波特率-数据位校验位停止位，如 9600-8N1 / serial "
                    + "format '" + text + "' must look like 9600-8N1 (baud-data bits parity stop bits)");
        }
        Parity parity = switch (m.group(3)) {
            case "E" -> Parity.EVEN;
            case "O" -> Parity.ODD;
            default -> Parity.NONE;
        };
        return new SerialFormat(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), parity,
                Integer.parseInt(m.group(4)));
    }

    /** Bits on the line per character: start bit, data bits, parity bit if any, stop bits. */
    public int bitsPerCharacter() {
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
    }

    /** Time to send {@code characters} characters at this baud rate. */
    public Duration transmissionTime(int characters) {
        return Duration.ofNanos(characters * bitsPerCharacter() * 1_000_000_000L / baudRate);
    }

    /**
     * Modbus RTU's silent interval between frames, 3.5 characters (fixed at 1.75 ms above 19200 baud, as the Modbus
     * serial line specification says).
     */
    public Duration interFrameGap() {
        return baudRate > 19_200 ? Duration.ofNanos(1_750_000) : Duration.ofNanos(transmissionTime(7).toNanos() / 2);
    }

    @Override
    public String toString() {
        return baudRate + "-" + dataBits + parity.name().charAt(0) + stopBits;
    }
}
