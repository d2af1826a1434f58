package io.energymon.codes.uscc;

/**
 * The 9-character organization code of GB 11714 (组织机构代码): an 8-character body of digits and capital letters and
 * a check character. Weights 3 7 9 10 5 8 4 2; C9 = 11 - (sum mod 11), 10 written X and 11 written 0.
 */
public final class OrganizationCode {

    private static final int[] WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private OrganizationCode() {
    }

    /** The value of a body character: 0-9 for digits, 10-35 for A-Z; -1 otherwise. */
    static int valueOf(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The check character of an 8-character body. */
    public static char checkCharacter(CharSequence body8) {
        if (body8.length() != 8) {
            throw new IllegalArgumentException("body must have 8 characters: " + body8);
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int v = valueOf(body8.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not an organization code character: " + body8.charAt(i));
            }
            sum += v * WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }

    /** True when the 9 characters are a well-formed organization code with a correct check character. */
    public static boolean isValid(CharSequence code9) {
        if (code9 == null || code9.length() != 9) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (valueOf(code9.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code9.subSequence(0, 8)) == code9.charAt(8);
    }
}
