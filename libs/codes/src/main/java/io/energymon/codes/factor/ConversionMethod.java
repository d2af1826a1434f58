package io.energymon.codes.factor;

/** How a factor converts to standard coal: by calorific equivalent (当量值) or by equal value (等价值). */
public enum ConversionMethod {
    CALORIFIC_EQUIVALENT("当量值", "calorific equivalent"),
    EQUAL_VALUE("等价值", "equal value");

    private final String nameZh;
    private final String nameEn;

    ConversionMethod(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }
}
