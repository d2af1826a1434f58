package io.energymon.infra.platformsim;

import java.time.Instant;

/** One accepted data element as the simulated platform stores it (decrypted). */
public record ReceivedValue(String enterpriseCode, String dataCode, int statType, String statDate, String dataValue,
                            int inputType, int scope, String valid, String uploadDate, Instant receivedAt) {
}
