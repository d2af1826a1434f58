package io.energymon.collector.dlt645;

import java.util.ArrayList;
import java.util.List;

/**
 * The error byte (错误信息字) of an error reply, bit by bit. DL/T 645-2007: bit 0 other error, 1 no requested data,
 * 2 password error / unauthorised, 3 baud rate cannot be changed, 4 too many annual time zones, 5 too many daily
 * time periods, 6 too many tariffs. DL/T 645-1997 (assumed from vendor manuals, the 1997 text was not at hand):
 * bit 0 illegal data, 1 wrong data identifier, 2 password error, 4-6 as 2007.
 */
public final class Dlt645ErrorCodes {
    private static final String[][] V2007 = {
            {"其他错误", "other error"},
            {"无请求数据", "no requested data"},
            {"密码错/未授权", "password error / unauthorised"},
            {"通信速率不能更改", "baud rate cannot be changed"},
            {"年时区数超", "too many annual time zones"},
            {"日时段数超", "too many daily time periods"},
            {"费率数超", "too many tariffs"},
            {"保留位", "reserved bit 7"}};
    private static final String[][] V1997 = {
            {"非法数据", "illegal data"},
            {"数据标识错", "wrong data identifier"},
            {"密码错", "password error"},
            {"保留位", "reserved bit 3"},
            {"年时区数超", "too many annual time zones"},
            {"日时段数超", "too many daily time periods"},
            {"费率数超", "too many tariffs"},
            {"保留位", "reserved bit 7"}};

    private Dlt645ErrorCodes() {
    }

    /** The error reply as an exception: "表计异常应答 ...：无请求数据 / meter error reply ...: no requested data". */
    public static Dlt645Exception exception(Dlt645Version version, byte[] data) {
        if (data.length == 0) {
            return new Dlt645Exception(Dlt645Exception.Kind.ERROR_REPLY, "表计异常应答（无错误信息字）",
                    "meter error reply without error byte");
        }
        int err = data[0] & 0xFF;
        String[][] table = version == Dlt645Version.V2007 ? V2007 : V1997;
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (int bit = 0; bit < 8; bit++) {
            if ((err & (1 << bit)) != 0) {
                zh.add(table[bit][0]);
                en.add(table[bit][1]);
            }
        }
        if (zh.isEmpty()) {
            zh.add("未说明");
            en.add("unspecified");
        }
        String code = String.format("%02X", err);
        return new Dlt645Exception(Dlt645Exception.Kind.ERROR_REPLY, "表计异常应答 " + code + "：" + String.join("、", zh),
                "meter error reply " + code + ": " + String.join(", ", en));
    }
}
