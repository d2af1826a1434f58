package io.energymon.collector.meterbus;

import com.fazecast.jSerialComm.SerialPort;
import io.energymon.collector.serial.SerialFormat;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A serial port of this machine (RS-485 converter, USB adapter) with meters on its bus, through jSerialComm: opened
 * with the device's {@link SerialFormat} (baud rate, data bits, parity, stop bits). Like {@link GatewayLink} one
 * request is on the bus at a time, bytes left of a late reply are dropped before the next request, and the pacing
 * gap is kept between exchanges. Not thread safe (a source is used by one thread).
 */
public final class SerialLink implements BusLink {
    private final String portName;
    private final SerialFormat format;
    private final int timeoutMillis;
    private final Pacer pacer;
    private SerialPort port;

    public SerialLink(String portName, SerialFormat format, Duration timeout, Duration pacing) {
        this.portName = portName;
        this.format = format;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.pacer = new Pacer(pacing);
    }

    @Override
    public boolean isOpen() {
        return port != null;
    }

    @Override
    public void connect() throws IOException {
        if (port != null) {
            return;
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(portName);
        } catch (RuntimeException e) { // jSerialComm: SerialPortInvalidPortException
            throw new IOException("串口 " + portName + " 不存在 / serial port " + portName + " does not exist: "
                    + e.getMessage(), e);
        }
        int parity = switch (format.parity()) {
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case NONE -> SerialPort.NO_PARITY;
        };
        p.setComPortParameters(format.baudRate(), format.dataBits(),
                format.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!p.openPort()) {
            throw new IOException("串口 " + portName + " 无法打开 / serial port " + portName + " cannot be opened "
                    + "(error " + p.getLastErrorCode() + " at " + p.getLastErrorLocation() + ")");
        }
        port = p;
    }

    @Override
    public byte[] exchange(byte[] request, FrameScanner scanner) throws IOException {
        connect();
        SerialPort p = port;
        try {
            pacer.awaitTurn();
            discardStale(p);
            if (p.writeBytes(request, request.length) != request.length) {
                throw new IOException("串口写入失败 / writing to serial port " + portName + " failed (error "
                        + p.getLastErrorCode() + ")");
            }
            return ReplyReader.read((b, off, len, t) -> {
                p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, t, 0);
                int n = p.readBytes(b, len, off);
                return n < 0 ? -1 : n;
            }, scanner, timeoutMillis, "串口读取失败 / reading serial port " + portName + " failed");
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            pacer.exchanged();
        }
    }

    /** Drops bytes still buffered from an earlier reply that came too late. */
    private static void discardStale(SerialPort p) {
        byte[] skip = new byte[256];
        int available;
        while ((available = p.bytesAvailable()) > 0) {
            p.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING, 0, 0);
            if (p.readBytes(skip, Math.min(available, skip.length)) <= 0) {
                return;
            }
        }
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    public String toString() {
        return portName + " " + format;
    }
}
