package io.energymon.uploader.secrets;

/**
 * A stored secret cannot be decrypted: the key file holds another key than the one it was written with, or the stored
 * value was altered. The message names the row and the problem, never the secret.
 */
public class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
