package io.energymon.collector.modbus;

import io.energymon.collector.meterbus.GatewayLink;
import java.io.IOException;
import java.time.Duration;

/**
 * Modbus RTU frames through a transparent serial-to-TCP gateway ({@link GatewayLink}: one request on the bus at a
 * time, stale bytes of a late reply dropped before the next request). Unlike j2mod's RTU-over-TCP master, which reads
 * the CRC of a reply and ignores it, every reply is checked ({@link RtuFrames#readReply}): the RS-485 line behind a
 * gateway garbles bytes that TCP then carries faithfully.
 */
final class RtuOverTcpReader implements RegisterReader {
    private final GatewayLink link;

    RtuOverTcpReader(String host, int port, Duration timeout) {
        this.link = new GatewayLink(host, port, timeout, Duration.ZERO); // ModbusSource paces the requests
    }

    @Override
    public boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public void connect() throws IOException {
        link.connect();
    }

    @Override
    public int[] read(RegisterTable table, int unitId, int start, int count) throws IOException, ExceptionReply,
            MalformedReply {
        byte[] reply = link.exchange(RtuFrames.readRequest(unitId, table, start, count), RtuFrames::frameEnd);
        return RtuFrames.readReply(reply, unitId, table, count);
    }

    @Override
    public void close() {
        link.close();
    }
}
