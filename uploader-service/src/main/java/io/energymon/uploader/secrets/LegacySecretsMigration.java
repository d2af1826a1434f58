package io.energymon.uploader.secrets;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Encrypts, once the application is ready (after Flyway), the {@code platform_registration.secret_key} values written
 * in plaintext before encryption at rest. Each row is updated only if it still holds the plaintext read, so replicas
 * starting together or a registration written meanwhile are never overwritten. Until then, plaintext rows are read as
 * they are ({@link SecretBox#decrypt}).
 */
@Component
public class LegacySecretsMigration {
    private static final Logger log = LoggerFactory.getLogger(LegacySecretsMigration.class);

    private final JdbcClient jdbc;
    private final SecretBox box;

    public LegacySecretsMigration(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    private record Row(String platformId, String tenantId, String enterpriseCode, String secretKey) {
    }

    /** Encrypts the plaintext rows; returns how many were encrypted. */
    @EventListener(ApplicationReadyEvent.class)
    public int encryptPlaintextRows() {
        List<Row> rows = jdbc.sql("select platform_id, tenant_id, enterprise_code, secret_key from platform_registration "
                        + "where secret_key is not null and secret_key not like ?")
                .param(SecretBox.PREFIX + "%")
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        int done = 0;
        for (Row r : rows) {
            String sealed = box.encrypt(r.secretKey(), SecretBox.registrationRowId(r.platformId(), r.tenantId(), r.enterpriseCode()));
            done += jdbc.sql("update platform_registration set secret_key = ? where platform_id = ? and tenant_id = ? "
                            + "and enterprise_code = ? and secret_key = ?")
                    .params(sealed, r.platformId(), r.tenantId(), r.enterpriseCode(), r.secretKey())
                    .update();
        }
        if (done > 0) {
            log.info("encrypted {} platform registration secret(s) stored in plaintext before encryption at rest", done);
        }
        return done;
    }
}
