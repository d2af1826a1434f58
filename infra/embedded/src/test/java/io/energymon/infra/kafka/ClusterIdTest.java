package io.energymon.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterIdTest {

    @Test
    void idsThatTheStorageToolWouldReadAsAnOptionAreNotUsable() {
        assertThat(KafkaBroker.isUsableClusterId("-AbCdEfGhIjKlMnOpQrStU")).isFalse();
        assertThat(KafkaBroker.isUsableClusterId("AbCdEfGhIjKlMnOpQrStU-")).isTrue();
        assertThat(KafkaBroker.isUsableClusterId("short")).isFalse();
        assertThat(KafkaBroker.newClusterId()).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    }
}
