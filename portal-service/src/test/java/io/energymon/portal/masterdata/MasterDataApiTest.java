package io.energymon.portal.masterdata;

import static io.energymon.portal.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.energymon.domain.config.EnterpriseConfig;
import io.energymon.domain.event.EventCodec;
import io.energymon.domain.event.MeterEvent;
import io.energymon.infra.testing.SharedInfra;
import io.energymon.portal.Api;
import io.energymon.portal.Api.Response;
import io.energymon.portal.Plants;
import io.energymon.portal.PortalTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The master-data API over HTTP on a real PostgreSQL and Kafka: create, update with optimistic versions, retire with
 * history, bilingual 400s naming field and rule, formulas checked at save time, snapshots on config.v1, meter events
 * on meter-events.v1, tenants walled off.
 */
class MasterDataApiTest extends PortalTestBase {

    private static Map<String, Object> modbusPoint(String id, int register) {
        return obj("id", id, "name", "有功电能 " + id, "deviceId", "dev-1", "meterCode", "170100001001",
                "address", obj("register", register, "function", "HOLDING", "dataType", "UINT32", "wordOrder", "BIG"),
                "kind", "CUMULATIVE", "unit", "kWh", "scale", 0.01, "slot", "PT15M", "rolloverMax", 42949672.95,
                "source", 4);
    }

    private static Map<String, Object> item(String dataCode, String formula) {
        return obj("dataCode", dataCode, "name", "全厂用电量", "statTypes", List.of(0, 1, 2), "formula", formula,
                "inputType", 4, "scope", 1, "unit", "kWh");
    }

    /** A plant with one collector, one Modbus device, one meter and one point. */
    private static String plant(Api api, String tenant, String uscc) {
        String e = Plants.tenantWithEnterprise(api, tenant, uscc);
        assertThat(api.post(e + "/collectors", obj("id", "col-1", "name", "一号采集器")).status()).isEqualTo(201);
        assertThat(api.post(e + "/devices", obj("id", "dev-1", "collectorId", "col-1", "protocol", "MODBUS_TCP",
                "host", "10.0.0.5", "port", 502, "unitId", 1, "timeout", "PT2S")).status()).isEqualTo(201);
        Response meter = api.post(e + "/meters", obj("code", "170100001001", "name", "总进线电表", "serialNumber", "SN-1",
                "accuracyClass", "0.5S", "verifiedOn", "2026-01-10", "verificationIntervalMonths", 24,
                "energyCode", "3300"));
        assertThat(meter.status()).as(meter.text()).isEqualTo(201);
        Response p = api.post(e + "/points", modbusPoint("main.energy", 0));
        assertThat(p.status()).as(p.text()).isEqualTo(201);
        return e;
    }

    @Test
    void createsUpdatesWithVersionsAndRetiresKeepingHistory() {
        Api api = api();
        String e = plant(api, "crud-tenant", Plants.USCC_A);

        Response created = api.post(e + "/items", item("00-00-0000-023300-11", "[main.energy]"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("key").asString()).isEqualTo("0000000002330011");
        assertThat(created.json().path("version").asLong()).isEqualTo(1);

        Response updated = api.put(e + "/items/0000000002330011",
                obj("version", 1, "data", item("0000000002330011", "[main.energy] * 0.5")));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);

        Response stale = api.put(e + "/items/0000000002330011",
                obj("version", 1, "data", item("0000000002330011", "[main.energy] * 2")));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("messageZh").asString()).contains("版本");
        assertThat(stale.json().path("messageEn").asString()).contains("version 1", "current is 2");

        // a point in use by a formula cannot be retired
        Response inUse = api.post(e + "/points/main.energy/retire", obj("version", 1));
        assertThat(inUse.status()).isEqualTo(400);
        assertThat(inUse.violationFields()).contains("items[0000000002330011].formula");

        assertThat(api.post(e + "/items/0000000002330011/retire", obj("version", 2)).status()).isEqualTo(200);
        assertThat(api.post(e + "/points/main.energy/retire", obj("version", 1)).status()).isEqualTo(200);

        assertThat(api.get(e + "/points").json().size()).isZero();
        Response all = api.get(e + "/points?includeRetired=true");
        assertThat(all.json().size()).isEqualTo(1);
        assertThat(all.json().get(0).path("retiredAt").isNull()).isFalse();
        Response history = api.get(e + "/items/0000000002330011/history");
        assertThat(history.json().valueStream().map(v -> v.path("data").path("formula").asString()).toList())
                .containsExactly("[main.energy]", "[main.energy] * 0.5", "[main.energy] * 0.5");
        assertThat(history.json().get(2).path("retiredAt").isNull()).isFalse();
    }

    @Test
    void ofTwoConcurrentEditsOfTheSameVersionOneWinsAndTheOtherGets409() throws Exception {
        Api api = api();
        String e = plant(api, "race-tenant", Plants.USCC_A);
        assertThat(api.post(e + "/items", item("0000000002330011", "[main.energy]")).status()).isEqualTo(201);
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> {
                start.await();
                return api.put(e + "/items/0000000002330011",
                        obj("version", 1, "data", item("0000000002330011", "[main.energy] * 2"))).status();
            });
            var b = pool.submit(() -> {
                start.await();
                return api.put(e + "/items/0000000002330011",
                        obj("version", 1, "data", item("0000000002330011", "[main.energy] * 3"))).status();
            });
            start.countDown();
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(200, 409);
        }
        Response stored = api.get(e + "/items/0000000002330011");
        assertThat(stored.json().path("version").asLong()).isEqualTo(2);
        assertThat(stored.json().path("data").path("formula").asString()).isIn("[main.energy] * 2", "[main.energy] * 3");
    }

    @Test
    void refusesBadFieldsWithBilingualMessagesNamingFieldRuleAndExpectedForm() {
        Api api = api();
        String e = plant(api, "bad-tenant", Plants.USCC_A);

        Map<String, Object> bad = modbusPoint("p2", 70000);
        bad.put("unit", "furlong");
        bad.put("slot", "PT7M");
        ((Map<String, Object>) bad.get("address")).put("dataType", "DOUBLE");
        Response r = api.post(e + "/points", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.violationFields()).containsExactlyInAnyOrder("points[p2].address.register",
                "points[p2].address.dataType", "points[p2].unit", "points[p2].slot");
        var register = r.json().path("violations").valueStream()
                .filter(v -> v.path("field").asString().equals("points[p2].address.register")).findFirst().orElseThrow();
        assertThat(register.path("rule").asString()).isEqualTo("range");
        assertThat(register.path("expected").asString()).isEqualTo("0..65535");
        assertThat(register.path("messageZh").asString()).contains("寄存器地址");
        assertThat(register.path("messageEn").asString()).contains("Register", "70000");

        Response formula = api.post(e + "/items", item("0000000002330011", "[main.energy] + [nowhere] * (2"));
        assertThat(formula.status()).isEqualTo(400);
        var f = formula.json().path("violations").get(0);
        assertThat(f.path("field").asString()).isEqualTo("items[0000000002330011].formula");
        assertThat(f.path("expected").asString()).startsWith("position ");

        Response unknownRef = api.post(e + "/items", item("0000000002330011", "[main.energy] + [nowhere]"));
        assertThat(unknownRef.json().path("violations").get(0).path("rule").asString()).isEqualTo("formula.unknown-point");

        Map<String, Object> wrongUnit = item("0000000002330011", "[main.energy]");
        wrongUnit.put("unit", "m3");
        assertThat(api.post(e + "/items", wrongUnit).json().path("violations").get(0).path("rule").asString())
                .isEqualTo("formula.unit-mismatch");

        // scope 2 with process 00 and a data code whose process does not exist
        Map<String, Object> scope = item("0100000002330011", "[main.energy]");
        scope.put("scope", 2);
        assertThat(api.post(e + "/items", scope).violationFields()).contains("items[0100000002330011].dataCode.process");

        // secondary energy (02) whose energy code 9999 is not in Table A.1; key equipment type 11 that does not exist
        assertThat(api.post(e + "/items", item("0000000002999911", "[main.energy]")).violationFields())
                .containsExactly("items[0000000002999911].dataCode.subjectCode");
        Map<String, Object> equipment = item("0101110102330011", "[main.energy]");
        equipment.put("scope", 4);
        assertThat(api.post(e + "/items", equipment).violationFields()).contains(
                "items[0101110102330011].dataCode.process", "items[0101110102330011].dataCode.processUnit",
                "items[0101110102330011].dataCode.equipmentType");

        Response cycleA = api.post(e + "/items", item("0000000002330011", "[main.energy]"));
        assertThat(cycleA.status()).isEqualTo(201);
        assertThat(api.post(e + "/items", item("0000000002330012", "{0000000002330011}")).status()).isEqualTo(201);
        Response cycle = api.put(e + "/items/0000000002330011",
                obj("version", 1, "data", item("0000000002330011", "{0000000002330012} + [main.energy]")));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().path("violations").valueStream().map(v -> v.path("rule").asString()))
                .contains("formula.cycle");

        Response unknownField = api.postRaw(e + "/collectors", "{\"id\":\"c2\",\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.violationFields()).containsExactly("colour");

        Response badUscc = api.post("/api/v1/tenants/bad-tenant/enterprises",
                obj("enterpriseCode", "91360100MA35K8P234", "profile", Plants.profile("x")));
        assertThat(badUscc.status()).isEqualTo(400);
        assertThat(badUscc.json().path("violations").get(0).path("rule").asString()).isEqualTo("uscc.check-digit");
    }

    private static Map<String, Object> meter(String code, String energyCode, String parentMeterCode) {
        return obj("code", code, "name", "分表 " + code, "accuracyClass", "1", "energyCode", energyCode,
                "parentMeterCode", parentMeterCode);
    }

    /** The one violation of a refused request, checked for its field and rule and for both languages. */
    private static tools.jackson.databind.JsonNode refused(Response r, String field, String rule) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        var v = r.json().path("violations").valueStream().filter(x -> x.path("field").asString().equals(field))
                .findFirst().orElseThrow(() -> new AssertionError("no violation of " + field + " in " + r.text()));
        assertThat(v.path("rule").asString()).isEqualTo(rule);
        assertThat(v.path("messageZh").asString()).isNotBlank().isNotEqualTo(v.path("messageEn").asString());
        assertThat(v.path("messageEn").asString()).isNotBlank();
        return v;
    }

    @Test
    void aSubMetersMainMeterIsAnotherMeterOfTheSameEnterpriseWithoutCyclesAndOfTheSameEnergy() {
        Api api = api();
        String e = plant(api, "hierarchy-tenant", Plants.USCC_A); // main meter 170100001001, electricity 3300
        String other = "/api/v1/tenants/hierarchy-tenant/enterprises/" + Plants.USCC_B;
        assertThat(api.post("/api/v1/tenants/hierarchy-tenant/enterprises", obj("enterpriseCode", Plants.USCC_B,
                "profile", Plants.profile("乙"))).status()).isEqualTo(201);

        Response sub = api.post(e + "/meters", meter("170100002002", "3300", "170100001001"));
        assertThat(sub.status()).as(sub.text()).isEqualTo(201);
        assertThat(api.get(e + "/meters/170100002002").json().path("data").path("parentMeterCode").asString())
                .isEqualTo("170100001001");
        // without energy on the sub-meter there is nothing to compare
        assertThat(api.post(e + "/meters", meter("170100002003", null, "170100001001")).status()).isEqualTo(201);

        // the main meter of another enterprise is no meter of this one
        var elsewhere = refused(api.post(other + "/meters", meter("170100002002", "3300", "170100001001")),
                "meters[170100002002].parentMeterCode", "reference");
        assertThat(elsewhere.path("messageEn").asString()).contains("170100001001", "does not exist");

        var self = refused(api.post(e + "/meters", meter("170100002004", "3300", "170100002004")),
                "meters[170100002004].parentMeterCode", "meter.parent-self");
        assertThat(self.path("messageZh").asString()).contains("自己");

        var energy = refused(api.post(e + "/meters", meter("170100002005", "1500", "170100001001")),
                "meters[170100002005].parentMeterCode", "meter.parent-energy");
        assertThat(energy.path("messageZh").asString()).contains("1500", "3300");
        assertThat(energy.path("messageEn").asString()).contains("1500", "3300", "170100001001");

        // the main meter made a sub-meter of its own sub-meter: a cycle, reported on both meters
        Map<String, Object> main = obj("code", "170100001001", "name", "总进线电表", "accuracyClass", "0.5S",
                "energyCode", "3300", "parentMeterCode", "170100002002");
        Response cycle = api.put(e + "/meters/170100001001", obj("version", 1, "data", main));
        var onMain = refused(cycle, "meters[170100001001].parentMeterCode", "meter.parent-cycle");
        assertThat(onMain.path("messageEn").asString()).contains("170100001001 → 170100002002 → 170100001001");
        refused(cycle, "meters[170100002002].parentMeterCode", "meter.parent-cycle");

        // a main meter its sub-meters still name cannot be retired
        Response retire = api.post(e + "/meters/170100001001/retire", obj("version", 1));
        assertThat(retire.violationFields()).contains("meters[170100002002].parentMeterCode",
                "meters[170100002003].parentMeterCode");
        assertThat(api.get(e + "/meters").json().size()).isEqualTo(3);
    }

    @Test
    void publishesEnterpriseSnapshotsOnConfigTopicAndMeterEventsOnTheirTopic() {
        Api api = api();
        String e = plant(api, "pub-tenant", Plants.USCC_B);
        assertThat(api.post(e + "/items", item("0000000002330011", "[main.energy]")).status()).isEqualTo(201);
        long revision = api.get(e + "/config").json().path("revision").asLong();

        Map<String, EnterpriseConfig> latest = new HashMap<>();
        List<MeterEvent> events = new ArrayList<>();
        Response ev = api.post(e + "/meters/170100001001/events", obj("type", "REPLACED",
                "occurredAt", Instant.now().minusSeconds(60).toString(), "newSerialNumber", "SN-2", "recordedBy", "王工",
                "readings", List.of(obj("pointId", "main.energy", "finalReading", 12345.67, "initialReading", 0))));
        assertThat(ev.status()).as(ev.text()).isEqualTo(201);
        try (var consumer = SharedInfra.newConsumer(configTopic, meterEventsTopic)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rec -> {
                    if (rec.topic().equals(configTopic)) {
                        latest.put(rec.key(), EventCodec.decode(rec.value(), EnterpriseConfig.class));
                    } else {
                        events.add(EventCodec.decode(rec.value(), MeterEvent.class));
                    }
                });
                EnterpriseConfig c = latest.get("pub-tenant/" + Plants.USCC_B);
                assertThat(c).isNotNull();
                assertThat(c.revision()).isGreaterThan(revision); // the replacement changed the meter's serial
                assertThat(c.meters().getFirst().serialNumber()).isEqualTo("SN-2");
                assertThat(events).hasSize(1);
            });
        }
        EnterpriseConfig c = latest.get("pub-tenant/" + Plants.USCC_B);
        assertThat(c.points()).extracting(p -> p.id()).containsExactly("main.energy");
        assertThat(c.items()).extracting(i -> i.formula()).containsExactly("[main.energy]");
        MeterEvent m = events.getFirst();
        assertThat(m.type()).isEqualTo(MeterEvent.MeterEventType.REPLACED);
        assertThat(m.readings().getFirst().finalReading()).isEqualByComparingTo("12345.67");
        assertThat(m.enterpriseCode()).isEqualTo(Plants.USCC_B);

        Response missing = api.post(e + "/meters/170100001001/events", obj("type", "RESET",
                "occurredAt", Instant.now().minusSeconds(10).toString(), "readings", List.of()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.violationFields()).containsExactly("readings");
    }

    @Test
    void aTenantNeverSeesOrChangesAnotherTenantsEntities() {
        Api api = api();
        String a = plant(api, "wall-a", Plants.USCC_A);
        Plants.tenantWithEnterprise(api, "wall-b", Plants.USCC_B);
        String aUnderB = "/api/v1/tenants/wall-b/enterprises/" + Plants.USCC_A;

        assertThat(api.get(aUnderB).status()).isEqualTo(404);
        assertThat(api.get(aUnderB + "/points").status()).isEqualTo(404);
        assertThat(api.get(aUnderB + "/points/main.energy").status()).isEqualTo(404);
        assertThat(api.get(aUnderB + "/config").status()).isEqualTo(404);
        assertThat(api.post(aUnderB + "/points", modbusPoint("intruder", 4)).status()).isEqualTo(404);
        assertThat(api.put(aUnderB + "/points/main.energy", obj("version", 1, "data", modbusPoint("main.energy", 8)))
                .status()).isEqualTo(404);
        assertThat(api.post(aUnderB + "/points/main.energy/retire", obj("version", 1)).status()).isEqualTo(404);
        assertThat(api.post(aUnderB + "/retire", obj("version", 1)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/wall-b/enterprises").json().valueStream()
                .map(v -> v.path("key").asString()).toList()).containsExactly(Plants.USCC_B);

        // A's data is untouched
        Response p = api.get(a + "/points/main.energy");
        assertThat(p.json().path("version").asLong()).isEqualTo(1);
        assertThat(p.json().path("data").path("address").path("register").asInt()).isZero();
    }

    @Test
    void documentsTheApiWithOpenApiAndServesItsUi() {
        Api api = api();
        Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").propertyNames())
                .contains("/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/points",
                        "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/items/{key}",
                        "/api/v1/tenants/{tenantId}/enterprises/{enterpriseCode}/meters/{meterCode}/events");
        assertThat(docs.json().path("components").path("schemas").propertyNames()).contains("PointConfig", "ItemConfig");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
