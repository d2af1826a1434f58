package io.energymon.portal.codelists;

import static org.assertj.core.api.Assertions.assertThat;

import io.energymon.portal.Api;
import io.energymon.portal.PortalTestBase;
import io.energymon.security.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/portal/code-lists}: the standard's lists a form picks from, for any logged-in user. */
class CodeListsIntegrationTest extends PortalTestBase {

    @Test
    void anyLoggedInUserReadsTheStandardsListsWithTheSubjectOfEachDataClass() {
        Api viewer = api().as(() -> IDP.token().username("lists-viewer").tenant("lists-tenant")
                .enterprises("91360100MA35K8P233").roles(Role.VIEWER).mint());
        Api.Response r = viewer.get("/api/portal/code-lists");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode lists = r.json();
        // Table 4 of the standard: 01 primary energy ... 03 working medium, each naming what its subject code is
        assertThat(find(lists.path("dataClasses"), "01").path("subject").asString()).isEqualTo("ENERGY_TYPE");
        assertThat(find(lists.path("dataClasses"), "03").path("subject").asString()).isEqualTo("WORKING_MEDIUM");
        assertThat(find(lists.path("dataClasses"), "03").path("nameZh").asString()).isEqualTo("耗能工质");
        // Table A.1: electricity 3300 (the dev data's whole-plant electricity item ends in 3300 11)
        assertThat(find(lists.path("energyTypes"), "3300").path("nameEn").asString()).isNotBlank();
        assertThat(lists.path("workingMedia").size()).isPositive();
        assertThat(codes(lists.path("layouts"), "profile")).containsExactlyInAnyOrder("NHJC16", "DB36_17");
        assertThat(api().as(null).get("/api/portal/code-lists").status()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode list, String code) {
        for (JsonNode n : list) {
            if (n.path("code").asString().equals(code)) {
                return n;
            }
        }
        throw new AssertionError("no " + code + " in " + list);
    }

    private static List<String> codes(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }
}
