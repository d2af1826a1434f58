package io.energymon.collector.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The collector's own secret store: the password of a device (OPC UA, SQL) is never part of the master data, the
 * device names it by {@code credentialRef} and the collector looks it up here, at every (re)connection, so a rotated
 * secret is used from the next connection on.
 *
 * <p>Looked up first in the properties ({@code energymon.collector.credentials.<ref>}), then in the file
 * {@code <energymon.collector.credentials-dir>/<ref>} (UTF-8, one trailing line break removed). A name is letters,
 * digits, {@code .}, {@code _} and {@code -}, not starting with a dot, so it can never leave the directory. Secrets
 * are never logged and never part of an exception message.
 */
@Component
public final class Credentials {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private final CredentialsProperties props;

    public Credentials(CredentialsProperties props) {
        this.props = props;
    }

    /** Thrown when a secret cannot be found or read; the message is bilingual and never holds a secret. */
    public static final class MissingCredentialException extends RuntimeException {
        MissingCredentialException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The secret named {@code ref}.
     *
     * @throws MissingCredentialException when the name is unusable or no secret of that name exists
     */
    public String secret(String ref) {
        if (ref == null || !NAME.matcher(ref).matches()) {
            throw new MissingCredentialException("凭据名称“" + ref + "”无效（只能包含字母、数字、. _ -）/ credential name '"
                    + ref + "' is invalid (letters, digits, . _ - only)", null);
        }
        String value = props.credentials().get(ref);
        if (value != null) {
            return value;
        }
        Path dir = props.credentialsDir();
        if (dir != null) {
            Path file = dir.resolve(ref);
            if (Files.isRegularFile(file)) {
                try {
                    String s = Files.readString(file, StandardCharsets.UTF_8);
                    return s.endsWith("\r\n") ? s.substring(0, s.length() - 2)
                            : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
                } catch (IOException e) {
                    throw new MissingCredentialException("凭据 " + ref + " 无法读取 / credential " + ref
                            + " cannot be read from " + file + ": " + e.getClass().getSimpleName(), null);
                }
            }
        }
        throw new MissingCredentialException("未找到凭据 " + ref + " / credential " + ref
                + " not found (neither energymon.collector.credentials." + ref + " nor a file " + ref + " in "
                + (dir == null ? "energymon.collector.credentials-dir, which is not set" : dir) + ")", null);
    }
}
