package io.energymon.infra.devstack;

import java.util.List;

/**
 * An enterprise of the development data set, in Jiangxi: tenant {@code hongdu-group} (a group energy center) with two
 * enterprises, tenant {@code ganjiang-saas} with one. The realm's sample users (infra/keycloak) see these. The USCCs are made up
 * but valid (GB 32100 check character and the embedded GB 11714 organization code check both hold).
 *
 * @param industryCode GB/T 4754 class (3110 iron smelting, 3011 cement)
 * @param modbusUnitId unit id of the enterprise's simulated electricity meter on the plant simulator
 * @param dataCode     the real-time data item uploaded: whole plant (scope 1), secondary energy (02), electricity
 *                     (3300), use code 11 — national 16-digit layout
 */
public record DevEnterprise(String tenantId, String enterpriseCode, String name, String region, String industryCode,
                            int modbusUnitId,
                            String pointId, String dataCode) {

    /** Holding register of the simulated meter's cumulative active energy (UINT32, 0.01 kWh, high word first). */
    public static final int ENERGY_REGISTER = 0;
    /** The collector of the dev stack (one, polling both plants). */
    public static final String COLLECTOR_ID = "dev-collector";
    /** The simulated provincial platform's id in the uploader's configuration. */
    public static final String PLATFORM_ID = "jiangxi-sim";
    /** The main meter's code (§7.12): an electricity meter type (not listed in Table A.3), level 1, serial 001. */
    public static final String METER_CODE = "170100001001";
    /**
     * The manual point of every enterprise: the month's product output (产品产量), entered by hand in the portal
     * (no device, source 5 "manual entry", Table 3), in tonnes.
     */
    public static final String PRODUCT_OUTPUT_POINT = "product-output";
    /** The unit of {@link #PRODUCT_OUTPUT_POINT} and its item. */
    public static final String PRODUCT_OUTPUT_UNIT = "t";
    /**
     * The data item over {@link #PRODUCT_OUTPUT_POINT}, reported per month (stat type 2): whole plant (scope 1),
     * data class 04 (a non-energy product in the national layout), product 0001, use code 11 — national 16-digit
     * layout. Its only point is manual, so the aggregator takes its month values from the entries.
     */
    public static final String PRODUCT_OUTPUT_CODE = "0000000004000111";

    public static final List<DevEnterprise> ALL = List.of(
            new DevEnterprise("hongdu-group", "91360100MA35K8P233", "南昌示例钢铁有限公司", "360111", "3110", 1,
                    "main-meter.active-energy", "0000000002330011"),
            new DevEnterprise("ganjiang-saas", "91360700MA37Q2W50Q", "赣州示例水泥有限公司", "360702", "3011", 2,
                    "main-meter.active-energy", "0000000002330011"),
            new DevEnterprise("hongdu-group", "91360100MA35K8P158", "南昌示例炼钢有限公司", "360111", "3120", 3,
                    "main-meter.active-energy", "0000000002330011"));
}
