package io.energymon.uploader.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.uploader.platform.UploadOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrationLostTest {

    private static UploadOutcome refused(String code, String message) {
        return new UploadOutcome(false, 200, code, message, Duration.ofMillis(5), "{}");
    }

    @Test
    void anUnknownDeviceOrAKeyThePlatformCannotDecryptWithMeansTheRegistrationIsLost() {
        assertThat(RegistrationLost.indicatedBy(refused("1", "设备ID未注册 / unknown deviceId"))).isTrue();
        assertThat(RegistrationLost.indicatedBy(refused("1", "设备未注册"))).isTrue();
        assertThat(RegistrationLost.indicatedBy(refused("1", "解密失败！"))).isTrue();
        assertThat(RegistrationLost.indicatedBy(refused("1", "device not registered"))).isTrue();
    }

    @Test
    void otherRefusalsAcceptedAnswersAndAnswersWithoutProtocolCodeDoNot() {
        assertThat(RegistrationLost.indicatedBy(refused("1", "data[0].statDate：不能晚于当前时间"))).isFalse();
        assertThat(RegistrationLost.indicatedBy(new UploadOutcome(true, 200, "0", "RECEIVE SUCCESS",
                Duration.ofMillis(5), "{}"))).isFalse();
        assertThat(RegistrationLost.indicatedBy(refused(null, "HTTP 404 not registered"))).isFalse();
        assertThat(RegistrationLost.indicatedBy((String) null)).isFalse();
    }
}
