package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.BusProtocol;
import io.energymon.collector.meterbus.BusTarget;
import io.energymon.collector.meterbus.GatewayLink;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads DL/T 645 electricity meters ({@link Protocol#DLT645_TCP}) on the RS-485 bus behind a serial-to-TCP
 * transparent gateway: the device is the gateway (host, port, timeout), each point names its meter
 * ({@code address.meterAddress}, 12 digits) and data identifier ({@code address.dataId}: 8 hex digits read with
 * DL/T 645-2007, 4 with DL/T 645-1997; only the identifiers of {@link Dlt645DataIds} are decoded). The value is in
 * the identifier's unit (kWh, V, A, kW) times the point's scale. Requests start with 4 wake-up bytes FE. A reply
 * announcing more frames is used for its first frame, which holds the whole value of every identifier read.
 */
public final class Dlt645TcpSource extends MeterBusSource<Dlt645TcpSource.Target, Dlt645Value> {

    /** What a point reads. */
    public record Target(Dlt645Address address, Dlt645DataId dataId) implements BusTarget {
        @Override
        public Object requestKey() {
            return this;
        }

        @Override
        public String label() {
            return "表 " + address + " DI " + dataId + " (meter " + address + ", " + dataId.version().title() + ")";
        }
    }

    public Dlt645TcpSource(DeviceConfig device, List<PointConfig> points, MeterBusMetrics metrics) {
        super(device, points, new Bus(), metrics);
    }

    private static final class Bus implements BusProtocol<Target, Dlt645Value> {
        @Override
        public Protocol protocol() {
            return Protocol.DLT645_TCP;
        }

        @Override
        public String tag() {
            return "dlt645";
        }

        @Override
        public Target target(PointConfig point) {
            PointAddress a = point.address();
            Dlt645Address address = Dlt645Address.parse(a.meterAddress());
            Dlt645DataId di = Dlt645DataId.parse(a.dataId());
            if (Dlt645DataIds.format(di).isEmpty()) {
                throw new IllegalArgumentException("DI " + di + " is not decoded by this collector (known: "
                        + Dlt645DataIds.known() + ")");
            }
            return new Target(address, di);
        }

        @Override
        public Dlt645Value transact(GatewayLink link, Target t) throws IOException, Dlt645Exception {
            byte[] frame = Dlt645Messages.readRequest(t.address(), t.dataId());
            byte[] request = new byte[Dlt645Messages.WAKE_UP.length + frame.length];
            System.arraycopy(Dlt645Messages.WAKE_UP, 0, request, 0, Dlt645Messages.WAKE_UP.length);
            System.arraycopy(frame, 0, request, Dlt645Messages.WAKE_UP.length, frame.length);
            byte[] reply = link.exchange(request, Dlt645FrameCodec::frameEnd);
            return Dlt645Messages.readReply(reply, t.address(), t.dataId());
        }

        @Override
        public BigDecimal value(PointConfig point, Target t, Dlt645Value reply) {
            return reply.value();
        }
    }
}
