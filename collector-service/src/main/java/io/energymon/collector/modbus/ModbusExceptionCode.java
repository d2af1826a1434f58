package io.energymon.collector.modbus;

/** What a Modbus exception reply's code means (Modbus application protocol / GB/T 19582.1), in Chinese and English. */
public final class ModbusExceptionCode {
    private ModbusExceptionCode() {
    }

    /** e.g. {@code 异常码 02 非法数据地址 / exception 02 illegal data address}. */
    public static String describe(int code) {
        String[] t = switch (code) {
            case 1 -> new String[] {"非法功能", "illegal function (the device does not support this function code)"};
            case 2 -> new String[] {"非法数据地址", "illegal data address (registers not present on the device)"};
            case 3 -> new String[] {"非法数据值", "illegal data value"};
            case 4 -> new String[] {"从站设备故障", "server device failure"};
            case 5 -> new String[] {"确认（处理中）", "acknowledge (request accepted, still processing)"};
            case 6 -> new String[] {"从站设备忙", "server device busy"};
            case 8 -> new String[] {"存储奇偶性差错", "memory parity error"};
            case 10 -> new String[] {"网关路径不可用", "gateway path unavailable"};
            case 11 -> new String[] {"网关目标设备未响应", "gateway target device failed to respond"};
            default -> new String[] {"未知异常", "unknown exception"};
        };
        return String.format("异常码 %02X %s / exception %02X %s", code, t[0], code, t[1]);
    }
}
