package io.energymon.aggregator.alarm;

/**
 * The alarms the aggregator raises (§9.7), each with how many consecutive bad observations raise it and how many
 * consecutive good ones clear it (hysteresis: a condition flapping at the edge raises once, not on every flap).
 */
public enum AlarmKind {
    /** A counter went down without a meter event (a DECREASE interval): consumption would be negative. */
    NEGATIVE_CONSUMPTION(1, 2, "计量点读数倒走（负消耗）", "meter reading went backwards (negative consumption)"),
    /** A counter's consumption per hour far above its recent baseline ({@link SpikeDetector}). */
    CONSUMPTION_SPIKE(1, 2, "计量点消耗突增", "consumption spike"),
    /** A real-time item value outside the item's plausible range (valueMin..valueMax of master data). */
    IMPLAUSIBLE_VALUE(1, 2, "数据项数值超出合理范围", "data item value outside its plausible range"),
    /** A polled point without a usable reading for several of its slots. */
    POINT_SILENT(1, 1, "采集点长时间无有效数据", "point without usable readings"),
    /**
     * A real-time item whose day just ended with values missing on the real-time grid (fewer than the day's periods),
     * found after the day closed and before its daily upload; subject the data code.
     */
    MISSING_INTERVALS(1, 1, "数据项日内实时值缺失", "data item missing real-time values of a day"),
    /** A meter whose verification (检定) is overdue or due soon. */
    METER_VERIFICATION_DUE(1, 1, "计量器具检定到期", "meter verification due"),
    /**
     * A closed local day on which a main meter's consumption and the sum of its sub-meters' differ by more than
     * {@code alarm.meter-balance-tolerance} of the main meter's ({@link MeterBalance}); subject the main meter's code
     * and the unit, e.g. {@code 170100001001 kWh}. A balanced day clears it; a day with gaps is not judged.
     */
    METER_IMBALANCE(1, 1, "总表与分表合计不平衡", "main meter out of balance with its sub-meters"),
    /**
     * An ended month in which the energy of the reported products covers less than {@code product-share-min} of the
     * comprehensive energy consumption (§6.3.4 b); subject the month {@code yyyy-MM}.
     */
    PRODUCT_ENERGY_SHARE_LOW(1, 1, "上传产品能耗占比不足", "reported products' share of the energy too low"),
    /**
     * A monthly manual item (§6.3.4: all its points entered by hand, reported per month) without a value of a month
     * after {@code manual-entry-deadline-day} of the following month; subject {@code dataCode@yyyy-MM}.
     */
    MANUAL_ENTRY_MISSING(1, 1, "手工填报数据逾期未填报", "manual entry missing after its deadline");

    private final int raiseAfter;
    private final int clearAfter;
    private final String titleZh;
    private final String titleEn;

    AlarmKind(int raiseAfter, int clearAfter, String titleZh, String titleEn) {
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
        this.titleZh = titleZh;
        this.titleEn = titleEn;
    }

    /** Consecutive bad observations that raise the alarm. */
    public int raiseAfter() {
        return raiseAfter;
    }

    /** Consecutive good observations that clear a raised alarm. */
    public int clearAfter() {
        return clearAfter;
    }

    /** "中文 / English" message of an alarm of this kind about a subject, with details. */
    public String message(String subject, String detailZh, String detailEn) {
        return titleZh + "：" + subject + (detailZh == null ? "" : "，" + detailZh) + " / " + titleEn + ": " + subject
                + (detailEn == null ? "" : ", " + detailEn);
    }
}
