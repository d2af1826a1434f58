package io.energymon.portal;

import static io.energymon.portal.Api.obj;

import java.util.Map;

/** Test data: tenants and enterprises with valid codes (USCCs made up, with valid check characters). */
public final class Plants {
    public static final String USCC_A = "91360100MA35K8P233";
    public static final String USCC_B = "91360700MA37Q2W50Q";

    private Plants() {
    }

    public static Map<String, Object> profile(String name) {
        return obj("name", name, "industryCode", "3110", "region", "360111", "legalRepresentative", "张三",
                "address", "江西省南昌市青山湖区示例路1号", "zipCode", "330000", "phone", "0791-88888888",
                "email", "energy@example.com", "energyOfficer", "李四", "energyOfficerPhone", "13800000000",
                "energyConsumptionLevel", 3, "zone", "Asia/Shanghai", "layoutProfile", "NHJC16");
    }

    /** Creates a tenant and one enterprise under it; returns the enterprise's API path. */
    public static String tenantWithEnterprise(Api api, String tenantId, String uscc) {
        api.post("/api/v1/tenants", obj("tenantId", tenantId, "name", "租户 " + tenantId));
        var r = api.post("/api/v1/tenants/" + tenantId + "/enterprises",
                obj("enterpriseCode", uscc, "profile", profile("示例用能单位 " + uscc)));
        if (r.status() != 201) {
            throw new IllegalStateException("enterprise not created: " + r.status() + " " + r.text());
        }
        return "/api/v1/tenants/" + tenantId + "/enterprises/" + uscc;
    }
}
