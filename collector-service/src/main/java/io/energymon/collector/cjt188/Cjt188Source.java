package io.energymon.collector.cjt188;

import io.energymon.collector.meterbus.BusProtocol;
import io.energymon.collector.meterbus.BusTarget;
import io.energymon.collector.meterbus.BusLink;
import io.energymon.collector.meterbus.MeterBusMetrics;
import io.energymon.collector.meterbus.MeterBusSettings;
import io.energymon.collector.meterbus.MeterBusSource;
import io.energymon.domain.config.DeviceConfig;
import io.energymon.domain.config.PointAddress;
import io.energymon.domain.config.PointConfig;
import io.energymon.domain.config.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Reads CJ/T 188-2004 water, heat and gas meters on an M-Bus/RS-485 bus, behind a serial-to-TCP transparent gateway
 * ({@link Protocol#CJT188_TCP}: the device's host, port, timeout) or on a serial port of this machine
 * ({@link Protocol#CJT188_SERIAL}: its serialPort, serialFormat, default 2400-8E1, timeout); see
 * {@link MeterBusSource}. A point's address:
 * <ul>
 *   <li>{@code meterType}: 2 hex digits (10 cold water, 11 hot water, 12, 13 other water, 20 heat, 21 cooling,
 *       30 gas);</li>
 *   <li>{@code meterAddress}: 14 digits A6..A0 as printed on the meter;</li>
 *   <li>{@code dataId}: the DI as written in the standard, DI1 DI0 ({@code 901F});</li>
 *   <li>{@code wordOrder}: the DI's byte order on the wire, {@code LITTLE} (default: DI0 first, {@code 1F 90}, as
 *       CJ/T 188-2004 says) or {@code BIG} (DI1 first, {@code 90 1F}, as some makers' meters expect);</li>
 *   <li>{@code dataType}: the {@link Cjt188Field} of the reply the point reads (default {@code CURRENT_FLOW} for
 *       water and gas, {@code CURRENT_HEAT} for heat and cooling).</li>
 * </ul>
 * The value is converted from the unit the meter sends (its unit code) into the point's {@code unit} when that is a
 * unit of {@link Cjt188Unit} (kWh, MWh, GJ, m3, L, kW, m3/h ...; a reply in another dimension is a BAD reading),
 * else taken as sent; then multiplied by the point's scale and its offset added. Points of one meter and DI share one request per poll.
 */
public final class Cjt188Source extends MeterBusSource<Cjt188Source.Target, Cjt188Readout> {

    /** What a point reads. */
    public record Target(Cjt188MeterType type, Cjt188Address address, int dataId, boolean highByteFirst,
                         Cjt188Field field) implements BusTarget {
        /** Points of the same meter and DI share a request. */
        record Key(Cjt188MeterType type, Cjt188Address address, int dataId, boolean highByteFirst) {
        }

        @Override
        public Object requestKey() {
            return new Key(type, address, dataId, highByteFirst);
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "表 %s 类型 %s DI %04X (meter %s, type %s, %s)", address, type, dataId,
                    address, type, field);
        }
    }

    public Cjt188Source(DeviceConfig device, List<PointConfig> points, MeterBusMetrics metrics,
                        MeterBusSettings settings) {
        super(device, points, new Bus(), metrics, settings);
    }

    private static final class Bus implements BusProtocol<Target, Cjt188Readout> {
        private int ser;

        @Override
        public boolean accepts(Protocol protocol) {
            return protocol.isCjt188();
        }

        @Override
        public String tag() {
            return "cjt188";
        }

        @Override
        public Target target(PointConfig point) {
            PointAddress a = point.address();
            Cjt188MeterType type = Cjt188MeterType.parse(a.meterType());
            Cjt188Address address = Cjt188Address.parse(a.meterAddress());
            String di = a.dataId() == null ? "" : a.dataId().strip();
            if (!di.matches("[0-9A-Fa-f]{4}")) {
                throw new IllegalArgumentException("CJ/T 188 dataId must be 4 hex digits (e.g. 901F), got "
                        + a.dataId());
            }
            int dataId = Integer.parseInt(di, 16);
            if (!Cjt188DataIds.supports(dataId, type.family())) {
                throw new IllegalArgumentException("DI " + di.toUpperCase(Locale.ROOT) + " of meter type " + type
                        + " (" + type.family() + ") is not decoded by this collector (known: 901F of water, heat "
                        + "and gas meters)");
            }
            boolean highByteFirst = switch (a.wordOrder() == null ? "LITTLE"
                    : a.wordOrder().strip().toUpperCase(Locale.ROOT)) {
                case "LITTLE" -> false;
                case "BIG" -> true;
                default -> throw new IllegalArgumentException("CJ/T 188 wordOrder (byte order of the DI) must be "
                        + "LITTLE (DI0 first, standard) or BIG, got " + a.wordOrder());
            };
            Cjt188Field field = a.dataType() == null || a.dataType().isBlank()
                    ? Cjt188DataIds.defaultField(dataId, type.family()).orElseThrow()
                    : Cjt188Field.parse(a.dataType());
            if (!Cjt188DataIds.fields(dataId, type.family()).contains(field)) {
                throw new IllegalArgumentException("a reply of DI " + di.toUpperCase(Locale.ROOT) + " from a "
                        + type.family() + " meter has no " + field + " (it has "
                        + Cjt188DataIds.fields(dataId, type.family()) + ")");
            }
            return new Target(type, address, dataId, highByteFirst, field);
        }

        @Override
        public Cjt188Readout transact(BusLink link, Target t) throws IOException, Cjt188Exception {
            var request = new Cjt188Messages.Request(t.type(), t.address(), t.dataId(), t.highByteFirst(), ser);
            ser = (ser + 1) & 0xFF;
            byte[] frame = Cjt188Messages.readRequest(request);
            byte[] bytes = new byte[Cjt188Messages.WAKE_UP.length + frame.length];
            System.arraycopy(Cjt188Messages.WAKE_UP, 0, bytes, 0, Cjt188Messages.WAKE_UP.length);
            System.arraycopy(frame, 0, bytes, Cjt188Messages.WAKE_UP.length, frame.length);
            return Cjt188Messages.readReply(link.exchange(bytes, Cjt188FrameCodec::frameEnd), request);
        }

        @Override
        public BigDecimal value(PointConfig point, Target t, Cjt188Readout reply) throws Cjt188Exception {
            Cjt188Quantity q = reply.values().get(t.field());
            return q.in(Cjt188Unit.ofSymbol(point.unit()), point.unit());
        }
    }
}
