package io.energymon.uploader.credentials;

/**
 * An enterprise's client certificate cannot be used: a file is missing or unreadable, the password is wrong, the key
 * store holds no key. The message is bilingual, names the file expected and never contains the password. It is an
 * upload failure of that enterprise only.
 */
public class CredentialsException extends RuntimeException {
    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
