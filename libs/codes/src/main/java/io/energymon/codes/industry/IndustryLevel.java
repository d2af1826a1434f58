package io.energymon.codes.industry;

/** The four levels of GB/T 4754-2017. */
public enum IndustryLevel {
    SECTION("门类", "section", 1),
    DIVISION("大类", "division", 2),
    GROUP("中类", "group", 3),
    CLASS("小类", "class", 4);

    private final String nameZh;
    private final String nameEn;
    private final int length;

    IndustryLevel(String nameZh, String nameEn, int length) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
        this.length = length;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    /** Characters of a code of this level (the section letter counts 1). */
    public int length() {
        return length;
    }
}
