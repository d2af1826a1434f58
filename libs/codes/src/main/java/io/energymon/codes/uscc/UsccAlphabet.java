package io.energymon.codes.uscc;

/** The 31-character alphabet of GB 32100 (digits and capital letters without I, O, Z, S, V) and its check. */
public final class UsccAlphabet {

    /** The characters in value order: the value of a character is its index. */
    public static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** Weights W_i = 3^(i-1) mod 31 of positions 1..17. */
    static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private UsccAlphabet() {
    }

    /** The value 0..30 of a character, or -1 when it is not in the alphabet. */
    public static int valueOf(char c) {
        return CHARACTERS.indexOf(c);
    }

    public static boolean contains(char c) {
        return valueOf(c) >= 0;
    }

    /**
     * The check character of the first 17 characters: C18 = 31 - (sum of value_i * W_i mod 31), 31 mapping to 0.
     *
     * @throws IllegalArgumentException when the body is not 17 characters of the alphabet
     */
    public static char checkCharacter(CharSequence body17) {
        if (body17.length() != 17) {
            throw new IllegalArgumentException("body must have 17 characters: " + body17);
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = valueOf(body17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a USCC character: " + body17.charAt(i));
            }
            sum += v * WEIGHTS[i];
        }
        return CHARACTERS.charAt((31 - sum % 31) % 31);
    }
}
