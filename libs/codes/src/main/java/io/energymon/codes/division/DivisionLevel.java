package io.energymon.codes.division;

/** The three levels of a GB/T 2260 code: digits 1-2 province, 3-4 city (prefecture), 5-6 county. */
public enum DivisionLevel {
    PROVINCE("省级", "province"),
    CITY("地级", "prefecture"),
    COUNTY("县级", "county");

    private final String nameZh;
    private final String nameEn;

    DivisionLevel(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    /** The level a well-formed 6-digit code denotes by its trailing zeros. */
    public static DivisionLevel ofCode(String code) {
        if (code.endsWith("0000")) {
            return PROVINCE;
        }
        return code.endsWith("00") ? CITY : COUNTY;
    }
}
