package io.energymon.domain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void anAuditEventRoundTripsWithItsDetailAndACallerCannotNameNoAction() {
        var event = new AuditEvent(UUID.randomUUID(), Instant.parse("2026-11-24T08:00:00Z"), "hongdu-group",
                "91360100MA35K8P233", new AuditEvent.Actor("sub-1", "hongdu-manager", List.of("enterprise-manager")),
                AuditEvent.Action.MASTER_DATA_UPDATED.name(), new AuditEvent.Target("items", "0000000002330011"),
                java.util.Map.of("versionBefore", 1, "versionAfter", 2), "198.51.100.23", "x".repeat(300));

        String json = new String(EventCodec.encode(event), StandardCharsets.UTF_8);

        assertThat(json).contains("\"action\":\"MASTER_DATA_UPDATED\"", "\"username\":\"hongdu-manager\"",
                "\"kind\":\"items\"", "\"versionAfter\":2").doesNotContain("\"key\":\"hongdu-group\"");
        AuditEvent back = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), AuditEvent.class);
        assertThat(back).isEqualTo(event);
        assertThat(back.userAgent()).hasSize(AuditEvent.MAX_USER_AGENT);
        assertThat(back.key()).isEqualTo("hongdu-group");
        assertThatThrownBy(() -> EventCodec.decode("""
                {"eventId":"00000000-0000-0000-0000-000000000001","at":"2026-11-24T08:00:00Z",
                 "actor":{"subject":"s"},"action":" ","target":{"kind":"tenant"}}""".getBytes(StandardCharsets.UTF_8),
                AuditEvent.class)).isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void readingBatchHasTheDocumentedJsonShapeAndRoundTrips() {
        var batch = new ReadingBatch(UUID.fromString("00000000-0000-0000-0000-000000000001"), "t1", "91360100MA35K8P233",
                "c1", Instant.parse("2026-11-23T04:15:00Z"), Duration.ofMinutes(15),
                List.of(Reading.good("m1.energy", Instant.parse("2026-11-23T04:15:00Z"), new BigDecimal("1206.42"), 4),
                        Reading.bad("m2.energy", Instant.parse("2026-11-23T04:15:00Z"), 4, "timeout")));

        String json = new String(EventCodec.encode(batch), StandardCharsets.UTF_8);

        assertThat(json).contains("\"slot\":\"2026-11-23T04:15:00Z\"", "\"slotLength\":\"PT15M\"", "\"value\":1206.42",
                "\"quality\":\"BAD\"", "\"enterpriseCode\":\"91360100MA35K8P233\"");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ReadingBatch.class)).isEqualTo(batch);
    }

    @Test
    void aSlotReadingHasNoPeriodFieldAndAPeriodEntryRoundTripsWithItsPeriod() {
        var slot = Reading.good("m1.energy", Instant.parse("2026-11-23T04:15:00Z"), new BigDecimal("1206.42"), 4);
        var month = Reading.entry("output", EntryPeriod.MONTH, Instant.parse("2026-10-31T16:00:00Z"),
                new BigDecimal("1234.5"), 5);
        var batch = new ReadingBatch(UUID.randomUUID(), "t1", "91360100MA35K8P233", "portal",
                Instant.parse("2026-11-23T04:15:00Z"), Duration.ofMinutes(15), List.of(slot, month));

        String json = new String(EventCodec.encode(batch), StandardCharsets.UTF_8);

        assertThat(json).containsOnlyOnce("\"period\"").contains("\"period\":\"MONTH\"");
        ReadingBatch decoded = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ReadingBatch.class);
        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.readings()).extracting(Reading::period).containsExactly(null, EntryPeriod.MONTH);
    }

    @Test
    void aReadingWrittenBeforeThePeriodExistedDecodesAsASlotReading() {
        String old = "{\"batchId\":\"00000000-0000-0000-0000-000000000001\",\"tenantId\":\"t\",\"enterpriseCode\":\"91360100MA35K8P233\","
                + "\"collectorId\":\"c\",\"slot\":\"2026-11-23T04:15:00Z\",\"slotLength\":\"PT15M\",\"readings\":[{\"pointId\":\"p\","
                + "\"ts\":\"2026-11-23T04:15:00Z\",\"value\":7.5,\"quality\":\"GOOD\",\"source\":4,\"error\":null}]}";

        Reading r = EventCodec.decode(old.getBytes(StandardCharsets.UTF_8), ReadingBatch.class).readings().getFirst();

        assertThat(r.period()).isNull();
        assertThat(r).isEqualTo(Reading.good("p", Instant.parse("2026-11-23T04:15:00Z"), new BigDecimal("7.5"), 4));
    }

    @Test
    void anUnknownPeriodIsMalformed() {
        String json = "{\"batchId\":\"00000000-0000-0000-0000-000000000001\",\"tenantId\":\"t\",\"enterpriseCode\":\"91360100MA35K8P233\","
                + "\"collectorId\":\"c\",\"slot\":\"2026-11-23T04:15:00Z\",\"slotLength\":\"PT15M\",\"readings\":[{\"pointId\":\"p\","
                + "\"ts\":\"2026-11-23T04:15:00Z\",\"value\":7.5,\"quality\":\"GOOD\",\"source\":5,\"period\":\"YEAR\"}]}";
        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ReadingBatch.class))
                .isInstanceOf(EventCodec.MalformedEventException.class).hasMessageContaining("YEAR");
    }

    @Test
    void itemValueKeepsLocalStatDateAndExactDecimal() {
        var v = new ItemValue("t1", "91360100MA35K8P233", "0000000002330011", 0, LocalDateTime.parse("2026-11-23T12:15:00"),
                Instant.parse("2026-11-23T04:15:00Z"), Instant.parse("2026-11-23T04:30:00Z"), new BigDecimal("12.340"), 3,
                4, 1, true, Instant.parse("2026-11-23T04:30:01Z"));

        String json = new String(EventCodec.encode(v), StandardCharsets.UTF_8);

        assertThat(json).contains("\"statDate\":\"2026-11-23T12:15:00\"", "\"value\":12.340", "\"version\":3");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ItemValue.class)).isEqualTo(v);
    }

    @Test
    void anEventOfAnInvalidUsccIsMalformed() {
        String json = new String(EventCodec.encode(new ReadingBatch(UUID.randomUUID(), "t1", "91360100MA35K8P233", "c1",
                Instant.parse("2026-11-23T04:15:00Z"), Duration.ofMinutes(15), List.of())), StandardCharsets.UTF_8)
                .replace("91360100MA35K8P233", "91360100MA35K8P234");
        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ReadingBatch.class))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("统一社会信用代码校验位错误").hasMessageContaining("USCC check digit wrong");
    }

    @Test
    void malformedValuesAreRejectedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8), ReadingBatch.class))
                .isInstanceOf(EventCodec.MalformedEventException.class).hasMessageContaining("ReadingBatch");
        assertThatThrownBy(() -> EventCodec.decode(new byte[0], ItemValue.class))
                .isInstanceOf(EventCodec.MalformedEventException.class).hasMessageContaining("empty");
        // a GOOD reading without a value violates the record's invariant
        String noValue = "{\"batchId\":\"00000000-0000-0000-0000-000000000001\",\"tenantId\":\"t\",\"enterpriseCode\":\"91360100MA35K8P233\","
                + "\"collectorId\":\"c\",\"slot\":\"2026-11-23T04:15:00Z\",\"slotLength\":\"PT15M\",\"readings\":[{\"pointId\":\"p\","
                + "\"ts\":\"2026-11-23T04:15:00Z\",\"quality\":\"GOOD\",\"source\":4}]}";
        assertThatThrownBy(() -> EventCodec.decode(noValue.getBytes(StandardCharsets.UTF_8), ReadingBatch.class))
                .isInstanceOf(EventCodec.MalformedEventException.class).hasMessageContaining("no value");
    }
}
