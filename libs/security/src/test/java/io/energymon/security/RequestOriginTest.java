package io.energymon.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestOriginTest {

    @Test
    void theLastForwardedForEntryIsTheClientTheGatewaySaw() {
        assertThat(RequestOrigin.clientAddress("10.0.0.1, 203.0.113.9", "127.0.0.1")).isEqualTo("203.0.113.9");
        assertThat(RequestOrigin.clientAddress("203.0.113.9", "127.0.0.1")).isEqualTo("203.0.113.9");
        assertThat(RequestOrigin.clientAddress("2001:db8::1 , ", "127.0.0.1")).isEqualTo("2001:db8::1");
    }

    @Test
    void withoutForwardedForThePeerAddressIsTheClient() {
        assertThat(RequestOrigin.clientAddress(null, "192.0.2.4")).isEqualTo("192.0.2.4");
        assertThat(RequestOrigin.clientAddress(" , ", "192.0.2.4")).isEqualTo("192.0.2.4");
    }
}
