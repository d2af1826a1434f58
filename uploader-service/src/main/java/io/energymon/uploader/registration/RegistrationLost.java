package io.energymon.uploader.registration;

import io.energymon.uploader.platform.UploadOutcome;
import java.util.List;
import java.util.Locale;

/**
 * Whether a refused upload says that the platform no longer knows the registration it was sent with: the deviceId is
 * unknown ("设备ID未注册", "设备未注册", "unknown deviceId", "not registered") or the fields could not be decrypted
 * with the key of the registration ("解密失败": the platform issued another {@code secretKey}). The national dialect
 * reports both as a refusal (responseCode other than "0") with that {@code responseMessage} (PROTOCOL.md §1; the
 * simulator answers {@code 设备ID未注册 / unknown deviceId} and {@code 解密失败！}). Such a refusal is cured by
 * registering again, not by waiting.
 */
public final class RegistrationLost {
    private static final List<String> SIGNS = List.of("未注册", "解密失败", "unknown deviceid", "unknown device",
            "not registered", "decryption failed");

    private RegistrationLost() {
    }

    /** True when the refusal means the registration is gone or its key is no longer the platform's. */
    public static boolean indicatedBy(UploadOutcome outcome) {
        return !outcome.accepted() && outcome.responseCode() != null && indicatedBy(outcome.responseMessage());
    }

    /** True when the platform's message says the registration is gone or its key is rejected. */
    public static boolean indicatedBy(String responseMessage) {
        if (responseMessage == null) {
            return false;
        }
        String m = responseMessage.toLowerCase(Locale.ROOT);
        return SIGNS.stream().anyMatch(m::contains);
    }
}
