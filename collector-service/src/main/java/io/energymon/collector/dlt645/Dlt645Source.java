package io.energymon.collector.dlt645;

import io.energymon.collector.meterbus.BusLink;
import io.energymon.collector.meterbus.BusProtocol;
import io.energymon.collector.meterbus.BusTarget;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
import io.energymon.collector.meterbus.MeterBusSource;
import io.energymon.collector.meterbus.MeterFrameException.Kind;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads DL/T 645 electricity meters on an RS-485 bus, behind a serial-to-TCP transparent gateway
 * ({@link Protocol#DLT645_TCP}: the device's host, port, timeout) or on a serial port of this machine
 * ({@link Protocol#DLT645_SERIAL}: its serialPort, serialFormat, default 2400-8E1, timeout); see
 * {@link MeterBusSource}. Each point names its meter ({@code address.meterAddress}, 12 digits) and data identifier
 * ({@code address.dataId}: 8 hex digits read with DL/T 645-2007, 4 with DL/T 645-1997; only the identifiers of
 * {@link Dlt645DataIds} are decoded). The value is in the identifier's unit (kWh, V, A, kW) times the point's scale
 * plus its offset. Requests start with 4 wake-up bytes FE. A reply announcing more frames (B1) is completed with
 * follow-up requests (12 with the frame number 1, 2, ...; 1997: 02) until the last frame (92), at most
 * {@value #MAX_FOLLOW_UPS} of them; the value is decoded from the data of all frames.
 *
 * <p>Back-fill: for a cumulative point reading forward or reverse active energy from a DL/T 645-2007 meter, the
 * values of the gap's day boundaries are the meter's daily frozen values ({@link Dlt645Frozen}), stamped with the
 * freezing time the meter reports, read in the enterprise's zone.
 */
public final class Dlt645Source extends MeterBusSource<Dlt645Source.Target, Dlt645Value> {
    /** Most follow-up frames asked for one reply (a meter announcing more is broken). */
    static final int MAX_FOLLOW_UPS = 16;

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

    public Dlt645Source(DeviceConfig device, List<PointConfig> points, MeterBusMetrics metrics,
                        MeterBusSettings settings) {
        super(device, points, new Bus(), metrics, settings);
    }

    /**
     * Reads {@code di} from a meter: the data after the DI of all the reply's frames.
     *
     * @throws Dlt645Exception a frame is unusable, an error reply, or more than {@value #MAX_FOLLOW_UPS} follow-ups
     */
    static byte[] read(BusLink link, Dlt645Address address, Dlt645DataId di) throws IOException, Dlt645Exception {
        Dlt645Messages.Part part = Dlt645Messages.readPart(
                link.exchange(wakeUp(Dlt645Messages.readRequest(address, di)), Dlt645FrameCodec::frameEnd), address,
                di);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(part.data());
        for (int seq = 1; part.more(); seq++) {
            if (seq > MAX_FOLLOW_UPS) {
                throw new Dlt645Exception(Kind.UNEXPECTED, "后续帧过多", "the meter still announces more frames after "
                        + MAX_FOLLOW_UPS + " follow-up frames");
            }
            byte[] reply = link.exchange(wakeUp(Dlt645Messages.followUpRequest(address, di, seq)),
                    Dlt645FrameCodec::frameEnd);
            part = Dlt645Messages.followUpPart(reply, address, di, seq);
            data.writeBytes(part.data());
        }
        return data.toByteArray();
    }

    private static byte[] wakeUp(byte[] frame) {
        byte[] request = new byte[Dlt645Messages.WAKE_UP.length + frame.length];
        System.arraycopy(Dlt645Messages.WAKE_UP, 0, request, 0, Dlt645Messages.WAKE_UP.length);
        System.arraycopy(frame, 0, request, Dlt645Messages.WAKE_UP.length, frame.length);
        return request;
    }

    private static final class Bus implements BusProtocol<Target, Dlt645Value> {
        @Override
        public boolean accepts(Protocol protocol) {
            return protocol.isDlt645();
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
        public Dlt645Value transact(BusLink link, Target t) throws IOException, Dlt645Exception {
            return Dlt645Messages.value(t.dataId(), read(link, t.address(), t.dataId()), false);
        }

        @Override
        public BigDecimal value(PointConfig point, Target t, Dlt645Value reply) {
            return reply.value();
        }

        @Override
        public boolean hasFrozen(Target t) {
            return Dlt645Frozen.energy(t.dataId(), 1).isPresent();
        }

        /**
         * Reads the freezing times of the last days back from the most recent until one is not after {@code after}
         * (or the meter has no more: an error reply or an empty time, or {@code maxDays} are read), and the energy
         * frozen at each time before {@code before}; oldest first.
         */
        @Override
        public List<Frozen> frozen(BusLink link, PointConfig point, Target t, Instant after, Instant before,
                                   ZoneId zone, int maxDays) throws IOException, Dlt645Exception {
            if (!hasFrozen(t)) {
                return List.of();
            }
            List<Frozen> out = new ArrayList<>();
            for (int n = 1; n <= Math.min(maxDays, Dlt645Frozen.STORED_DAYS); n++) {
                Optional<LocalDateTime> time;
                try {
                    time = Dlt645Frozen.decodeTime(read(link, t.address(), Dlt645Frozen.time(n)));
                } catch (Dlt645Exception e) {
                    if (e.kind() == Kind.ERROR_REPLY) {
                        break; // the meter keeps fewer days, or no daily frozen data at all
                    }
                    throw e;
                }
                if (time.isEmpty()) {
                    break; // not frozen yet
                }
                Instant at = time.get().atZone(zone).toInstant();
                if (!at.isAfter(after)) {
                    break;
                }
                if (at.isBefore(before)) {
                    byte[] energy = read(link, t.address(), Dlt645Frozen.energy(t.dataId(), n).orElseThrow());
                    out.add(new Frozen(at, Dlt645Frozen.energyValue(energy)));
                }
            }
            return out.reversed();
        }
    }
}
