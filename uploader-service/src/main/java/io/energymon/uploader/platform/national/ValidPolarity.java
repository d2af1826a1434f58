package io.energymon.uploader.platform.national;

/** How a platform spells the {@code valid} flag of a data element. */
public enum ValidPolarity {
    /** {@code "true"} = valid, {@code "false"} = invalid. */
    BOOLEAN_TRUE,
    /** {@code "0"} = valid, {@code "1"} = invalid. */
    ZERO_IS_VALID;

    public String render(boolean valid) {
        return switch (this) {
            case BOOLEAN_TRUE -> valid ? "true" : "false";
            case ZERO_IS_VALID -> valid ? "0" : "1";
        };
    }

    /** Reads the flag as the platform sends it back; anything but the two spellings is refused. */
    public boolean parse(String text) {
        if (render(true).equals(text)) {
            return true;
        }
        if (render(false).equals(text)) {
            return false;
        }
        throw new IllegalArgumentException("valid must be " + render(true) + " or " + render(false) + ", got " + text);
    }
}
