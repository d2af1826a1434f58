package io.energymon.collector.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Looks up a password by its reference ({@code DeviceConfig.credentialRef}): first among the property values, then
 * as a file of the credentials directory. Read at every call, so a rotated secret is used at the next login. The
 * password never appears in a message of this class (nor should it anywhere else).
 */
public final class Credentials {
    /** A reference is a plain file name: letters, digits, dot, dash and underscore, not starting with a dot. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final CredentialProperties props;

    public Credentials(CredentialProperties props) {
        this.props = props == null ? CredentialProperties.NONE : props;
    }

    /** Thrown when a secret cannot be found; the message says which reference and where it was looked for. */
    public static final class CredentialException extends Exception {
        CredentialException(String message) {
            super(message);
        }
    }

    /** The password the reference names. */
    public String password(String ref) throws CredentialException {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw new CredentialException("凭据引用无效 / credential reference " + (ref == null ? "missing"
                    : "'" + ref + "' is not a plain name (letters, digits, . _ -)"));
        }
        String value = props.values().get(ref);
        if (value != null) {
            return value;
        }
        if (props.dir() != null) {
            Path file = props.dir().resolve(ref);
            if (Files.isRegularFile(file)) {
                try {
                    return stripLineBreak(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new CredentialException("凭据无法读取 / credential '" + ref + "' cannot be read from " + file
                            + ": " + e.getClass().getSimpleName());
                }
            }
        }
        throw new CredentialException("凭据未找到 / credential '" + ref + "' not found: set energymon.collector."
                + "credentials.values." + ref + (props.dir() == null ? " or energymon.collector.credentials.dir"
                : " or put a file " + props.dir().resolve(ref)));
    }

    private static String stripLineBreak(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
