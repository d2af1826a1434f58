package io.energymon.security.app;

import io.energymon.security.Access;
import io.energymon.security.AccessPolicy;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A small API guarded by libs/security, for its own tests. */
@SpringBootApplication
public class TestApiApplication {
    static final String BASE = "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}";

    @Bean
    AccessPolicy accessPolicy() {
        return AccessPolicy.builder()
                .rule("POST", BASE + "/entries", Access.OPERATE)
                .reads("/api/**", Access.READ)
                .writes("/api/**", Access.MANAGE)
                .build();
    }

    @RestController
    static class Api {
        @GetMapping(BASE + "/things")
        Map<String, String> things(@PathVariable String tenantId, @PathVariable String enterpriseCode) {
            return Map.of("tenant", tenantId, "enterprise", enterpriseCode);
        }

        @PostMapping(BASE + "/entries")
        Map<String, Object> entry(@PathVariable String tenantId, @RequestBody Map<String, Object> body) {
            return body;
        }

        @PutMapping(BASE + "/things")
        Map<String, Object> put(@PathVariable String tenantId, @RequestBody Map<String, Object> body) {
            return body;
        }

        @GetMapping("/unruled")
        String unruled() {
            return "nobody should read this";
        }
    }
}
