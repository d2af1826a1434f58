package io.energymon.uploader.delivery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** History of every request sent to a platform (DB36 §9.8.2: the history of uploads can be viewed locally). */
@Component
public class AttemptLog {
    private final JdbcClient jdbc;

    public AttemptLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Attempt(String platformId, String tenantId, String enterpriseCode, String operation, int itemCount,
                          boolean accepted, Integer httpStatus, String responseCode, String responseMessage,
                          Long latencyMs, String requestBody) {
    }

    public void record(Attempt a) {
        jdbc.sql("""
                        insert into upload_attempt (platform_id, tenant_id, enterprise_code, operation, item_count, accepted,
                                                    http_status, response_code, response_message, latency_ms, request_body)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(a.platformId(), a.tenantId(), a.enterpriseCode(), a.operation(), a.itemCount(), a.accepted(),
                        a.httpStatus(), a.responseCode(), a.responseMessage(), a.latencyMs(), a.requestBody())
                .update();
    }
}
