package io.energymon.infra.devstack;

import io.energymon.domain.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seeds the development data set through portal-service's master-data API, the way an operator onboards a plant:
 * tenant, enterprise, collector, device, meter, point, data item and upload target. Idempotent per fresh stack.
 * Every enterprise also gets a manual point, its monthly product output entered by hand in the portal, and the
 * monthly data item over it ({@link DevEnterprise#PRODUCT_OUTPUT_CODE}).
 * The first enterprise also gets a DL/T 645 bus (two workshop meters) and a CJ/T 188 bus (water and heat meters)
 * behind serial-to-TCP gateways, a Modbus RTU meter behind an RTU-over-TCP gateway and the MES database (SQL pull);
 * their points are read but no data item uses them yet. Every call carries a service token (client credentials of
 * {@value #SEED_CLIENT}), as the portal requires one.
 */
final class DevSeed {
    static final String WORKSHOP_1_METER = "000000000101";
    static final String WORKSHOP_2_METER = "000000000102";
    static final String WATER_METER = "00000000000201";
    static final String HEAT_METER = "00000000000202";

    static final int BOILER_ROOM_UNIT = 11;
    static final String MES_CREDENTIAL = "mes-db";
    static final String DCS_USER = "operator";
    static final String DCS_CREDENTIAL = "dcs-operator";
    /** The Keycloak client whose service token the seeding carries (role {@code service}). */
    static final String SEED_CLIENT = "energymon-portal-service";

    /** Where the simulated plant is reached. */
    record Plant(int modbusPort, int rtuGatewayPort, int dlt645Port, int cjt188Port, String mesJdbcUrl, String mesUser,
                 String dcsEndpoint) {
    }

    private final URI portal;
    private final Plant plant;
    private final Duration slot;
    private final Supplier<String> serviceToken;
    private String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** @param serviceToken a fresh client-credentials access token, sent as bearer token with every call */
    DevSeed(URI portal, Plant plant, Duration slot, Supplier<String> serviceToken) {
        this.portal = portal;
        this.plant = plant;
        this.slot = slot;
        this.serviceToken = serviceToken;
    }

    void seed(List<DevEnterprise> enterprises) {
        Set<String> tenants = new HashSet<>();
        for (DevEnterprise e : enterprises) {
            token = serviceToken.get(); // one per enterprise: far within the token's lifetime
            if (tenants.add(e.tenantId())) {
                post("/api/v1/tenants", obj("tenantId", e.tenantId(), "name", e.tenantId()));
            }
            post("/api/v1/tenants/" + e.tenantId() + "/enterprises", obj("enterpriseCode", e.enterpriseCode(),
                    "profile", obj("name", e.name(), "industryCode", e.industryCode(), "region", e.region(),
                            "legalRepresentative", "示例法人", "address", "江西省示例地址1号", "phone", "0791-88888888",
                            "energyOfficer", "示例能源管理负责人", "energyConsumptionLevel", 3, "zone", "Asia/Shanghai",
                            "layoutProfile", "NHJC16")));
            String base = "/api/v1/tenants/" + e.tenantId() + "/enterprises/" + e.enterpriseCode();
            post(base + "/collectors", obj("id", DevEnterprise.COLLECTOR_ID, "name", "开发采集器"));
            post(base + "/devices", obj("id", "main-meter", "collectorId", DevEnterprise.COLLECTOR_ID,
                    "protocol", "MODBUS_TCP", "host", "127.0.0.1", "port", plant.modbusPort(), "unitId", e.modbusUnitId(),
                    "timeout", "PT2S"));
            post(base + "/meters", obj("code", DevEnterprise.METER_CODE, "name", "总进线电表", "serialNumber", "DEV-0001",
                    "accuracyClass", "0.5S", "energyCode", "3300"));
            post(base + "/points", obj("id", e.pointId(), "name", "总有功电能", "deviceId", "main-meter",
                    "meterCode", DevEnterprise.METER_CODE,
                    "address", obj("register", DevEnterprise.ENERGY_REGISTER, "function", "HOLDING",
                            "dataType", "UINT32", "wordOrder", "BIG"),
                    "kind", "CUMULATIVE", "unit", "kWh", "scale", "0.01", "slot", slot.toString(),
                    "rolloverMax", "42949672.95", "source", 4));
            post(base + "/items", obj("dataCode", e.dataCode(), "name", "全厂电力消费量", "statTypes", List.of(0, 1, 2),
                    "formula", "[" + e.pointId() + "]", "inputType", 4, "scope", 1, "unit", "kWh"));
            post(base + "/points", obj("id", DevEnterprise.PRODUCT_OUTPUT_POINT, "name", "产品产量（手工填报）",
                    "unit", DevEnterprise.PRODUCT_OUTPUT_UNIT, "source", 5));
            post(base + "/items", obj("dataCode", DevEnterprise.PRODUCT_OUTPUT_CODE, "name", "产品产量",
                    "statTypes", List.of(2), "formula", "[" + DevEnterprise.PRODUCT_OUTPUT_POINT + "]",
                    "inputType", 5, "scope", 1, "unit", DevEnterprise.PRODUCT_OUTPUT_UNIT));
            post(base + "/targets", obj("platformId", DevEnterprise.PLATFORM_ID, "enabled", true));
            if (e == enterprises.getFirst()) {
                seedMeterBuses(base);
            }
        }
    }

    private void seedMeterBuses(String base) {
        post(base + "/devices", obj("id", "workshop-bus", "collectorId", DevEnterprise.COLLECTOR_ID,
                "protocol", "DLT645_TCP", "host", "127.0.0.1", "port", plant.dlt645Port(), "timeout", "PT1S"));
        post(base + "/devices", obj("id", "utility-bus", "collectorId", DevEnterprise.COLLECTOR_ID,
                "protocol", "CJT188_TCP", "host", "127.0.0.1", "port", plant.cjt188Port(), "timeout", "PT1S"));
        busPoint(base, "workshop-1.active-energy", "一车间有功电能", "workshop-bus",
                obj("meterAddress", WORKSHOP_1_METER, "dataId", "00010000"), "kWh");
        busPoint(base, "workshop-2.active-energy", "二车间有功电能", "workshop-bus",
                obj("meterAddress", WORKSHOP_2_METER, "dataId", "9010"), "kWh");
        busPoint(base, "water.cumulative", "总水表累积流量", "utility-bus",
                obj("meterType", "10", "meterAddress", WATER_METER, "dataId", "901F"), "m3");
        busPoint(base, "heat.cumulative", "热量表累积热量", "utility-bus",
                obj("meterType", "20", "meterAddress", HEAT_METER, "dataId", "901F"), "kWh");
        // a Modbus RTU meter of the boiler room behind a serial-to-TCP gateway
        post(base + "/devices", obj("id", "boiler-room-gateway", "collectorId", DevEnterprise.COLLECTOR_ID,
                "protocol", "MODBUS_RTU_OVER_TCP", "host", "127.0.0.1", "port", plant.rtuGatewayPort(),
                "unitId", BOILER_ROOM_UNIT, "timeout", "PT1S"));
        post(base + "/points", obj("id", "boiler-room.active-energy", "name", "锅炉房有功电能",
                "deviceId", "boiler-room-gateway", "address", obj("register", DevEnterprise.ENERGY_REGISTER,
                        "function", "HOLDING", "dataType", "UINT32", "wordOrder", "BIG"),
                "kind", "CUMULATIVE", "unit", "kWh", "scale", "0.01", "slot", slot.toString(), "source", 4));
        // the MES database: clinker output per slot, and cement shipments pulled incrementally
        post(base + "/devices", obj("id", "mes", "collectorId", DevEnterprise.COLLECTOR_ID, "protocol", "SQL",
                "endpoint", plant.mesJdbcUrl(), "username", plant.mesUser(), "credentialRef", MES_CREDENTIAL,
                "timeout", "PT5S"));
        post(base + "/points", obj("id", "mes.clinker-output", "name", "熟料产量（MES）", "deviceId", "mes",
                "address", obj("query", "select coalesce(sum(output_t), 0) from mes.production "
                        + "where ts >= :slot_start and ts < :slot_end"),
                "kind", "INSTANTANEOUS", "unit", "t", "slot", slot.toString(), "source", 1));
        post(base + "/points", obj("id", "mes.cement-shipped", "name", "水泥出厂量（MES 过磅）", "deviceId", "mes",
                "address", obj("query", "select shipped_at, tonnes as value from mes.shipment "
                        + "where shipped_at > :watermark and shipped_at < :slot_end order by shipped_at",
                        "watermarkColumn", "shipped_at"),
                "kind", "INSTANTANEOUS", "unit", "t", "slot", slot.toString(), "source", 1));
        seedDcs(base);
    }

    /** The boiler's DCS over OPC UA (subscription, Basic256Sha256), and the steam heat derived from it (IF97). */
    private void seedDcs(String base) {
        post(base + "/devices", obj("id", "dcs", "collectorId", DevEnterprise.COLLECTOR_ID, "protocol", "OPC_UA",
                "endpoint", plant.dcsEndpoint(), "username", DCS_USER, "credentialRef", DCS_CREDENTIAL,
                "securityPolicy", "Basic256Sha256", "securityMode", "SignAndEncrypt", "acquisition", "SUBSCRIBE",
                "timeout", "PT5S"));
        dcsPoint(base, "boiler-1.steam-flow", "1#锅炉蒸汽流量", "ns=2;s=Boiler1.SteamFlow", "INSTANTANEOUS", "t/h", null);
        dcsPoint(base, "boiler-1.steam-pressure", "1#锅炉蒸汽压力（表压）", "ns=2;s=Boiler1.SteamPressure",
                "INSTANTANEOUS", "MPa", null);
        dcsPoint(base, "boiler-1.steam-temperature", "1#锅炉蒸汽温度", "ns=2;s=Boiler1.SteamTemperature",
                "INSTANTANEOUS", "°C", null);
        dcsPoint(base, "boiler-1.steam-total", "1#锅炉蒸汽累计", "ns=2;s=Boiler1.SteamTotal", "CUMULATIVE", "t", null);
        dcsPoint(base, "generator-1.active-energy", "1#余热发电机有功电能", "ns=2;s=Generator1.ActiveEnergy", "CUMULATIVE",
                "kWh", "0.01");
        post(base + "/points", obj("id", "boiler-1.steam-heat", "name", "1#锅炉供汽热量（IF97 计算）",
                "kind", "INSTANTANEOUS", "unit", "GJ/h", "slot", slot.toString(), "source", 3,
                "steam", obj("flowPoint", "boiler-1.steam-flow", "pressurePoint", "boiler-1.steam-pressure",
                        "temperaturePoint", "boiler-1.steam-temperature", "referenceTemperature", "20",
                        "gaugePressure", true)));
    }

    private void dcsPoint(String base, String id, String name, String nodeId, String kind, String unit, String scale) {
        Map<String, Object> point = obj("id", id, "name", name, "deviceId", "dcs", "address", obj("nodeId", nodeId),
                "kind", kind, "unit", unit, "slot", slot.toString(), "source", 3);
        if (scale != null) {
            point.put("scale", scale);
        }
        post(base + "/points", point);
    }

    private void busPoint(String base, String id, String name, String device, Map<String, Object> address,
                          String unit) {
        post(base + "/points", obj("id", id, "name", name, "deviceId", device, "address", address,
                "kind", "CUMULATIVE", "unit", unit, "slot", slot.toString(),
                "source", 4));
    }

    private void post(String path, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(portal.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.encode(body))).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 201) {
                throw new IllegalStateException("seeding " + path + " failed: HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("seeding " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        }
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
