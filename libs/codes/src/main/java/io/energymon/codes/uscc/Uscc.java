package io.energymon.codes.uscc;

import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;

import java.util.Objects;
import java.util.Optional;

/**
 * A well-formed unified social credit code (统一社会信用代码, GB 32100): 18 characters of
 * {@link UsccAlphabet#CHARACTERS}, laid out as registration authority (1) + organization type (1) + region (6,
 * GB/T 2260) + organization code (9, GB 11714) + check character (1).
 */
public record Uscc(String value) {

    public Uscc {
        Objects.requireNonNull(value, "value");
        UsccValidator.validateFormat("uscc", value).throwIfInvalid();
    }

    /**
     * Parses a USCC, trimming surrounding blanks; lower-case letters are accepted and upper-cased.
     *
     * @throws CodeFormatException with the findings when it is not a valid USCC
     */
    public static Uscc parse(String text) {
        if (text == null) {
            throw new CodeFormatException(UsccValidator.validateFormat("uscc", ""));
        }
        return new Uscc(text.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** Like {@link #parse} but empty instead of an exception. */
    public static Optional<Uscc> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (CodeFormatException e) {
            return Optional.empty();
        }
    }

    /** The findings of checking a text as a USCC (format, check character, embedded organization code). */
    public static ValidationResult validate(String field, String text) {
        return UsccValidator.validateFormat(field, text);
    }

    public char registrationAuthorityCode() {
        return value.charAt(0);
    }

    public Optional<RegistrationAuthority> registrationAuthority() {
        return RegistrationAuthority.ofCode(value.charAt(0));
    }

    public char organizationType() {
        return value.charAt(1);
    }

    /** The Chinese name of the organization type, when the authority's table is known. */
    public Optional<String> organizationTypeName() {
        return registrationAuthority().flatMap(a -> a.organizationTypeName(organizationType()));
    }

    /** The 6-digit region code (登记管理机关行政区划码, GB/T 2260; 100000 for national-level registration). */
    public String regionCode() {
        return value.substring(2, 8);
    }

    /** The 9-character organization code (主体标识码) of positions 9-17. */
    public String organizationCode() {
        return value.substring(8, 17);
    }

    public char checkCharacter() {
        return value.charAt(17);
    }

    @Override
    public String toString() {
        return value;
    }
}
