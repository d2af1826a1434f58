package io.energymon.codes.industry;

import io.energymon.codes.validation.ValidationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndustryTableTest {

    private final IndustryTable table = IndustryTable.standard();

    @Test
    void countsOfThe2017Edition() {
        assertThat(table.ofLevel(IndustryLevel.SECTION)).hasSize(20);
        assertThat(table.ofLevel(IndustryLevel.DIVISION)).hasSize(97);
        assertThat(table.ofLevel(IndustryLevel.GROUP)).hasSize(473);
        assertThat(table.ofLevel(IndustryLevel.CLASS)).hasSize(1381);
    }

    @Test
    void knownEntries() {
        assertThat(table.byCode("0111").orElseThrow().name()).isEqualTo("稻谷种植");
        assertThat(table.byCode("6520").orElseThrow().name()).isEqualTo("集成电路设计");
        assertThat(table.byCode("396").orElseThrow().name()).isEqualTo("智能消费设备制造");
        assertThat(table.section("6520").orElseThrow().code()).isEqualTo("I");
        assertThat(table.section("3311").orElseThrow().code()).isEqualTo("C");
        assertThat(table.path("0111")).extracting(IndustryCategory::code).containsExactly("A", "01", "011", "0111");
        assertThat(table.byCode("C3311")).isEqualTo(table.byCode("3311"));
        assertThat(table.children("A")).extracting(IndustryCategory::code).contains("01", "05");
    }

    @Test
    void validation() {
        assertThat(table.validate("industryCode", "C").violations()).isEmpty();
        assertThat(table.validate("industryCode", "3311").violations()).isEmpty();
        assertThat(table.validate("industryCode", "C3311").violations()).isEmpty();
        ValidationResult mismatch = table.validate("industryCode", "A3311");
        assertThat(mismatch.errors().getFirst().rule()).isEqualTo("industry.section-mismatch");
        assertThat(mismatch.errors().getFirst().expected()).isEqualTo("C");
        assertThat(table.validate("industryCode", "33a").errors().getFirst().rule()).isEqualTo("industry.format");
        assertThat(table.validate("industryCode", "Z").errors().getFirst().rule()).isEqualTo("industry.format");
        assertThat(table.validate("industryCode", "00").errors().getFirst().rule())
                .isEqualTo("industry.division-unknown");
        assertThat(table.validate("industryCode", "9911").errors().getFirst().rule())
                .isEqualTo("industry.division-unknown");
    }

    @Test
    void wellFormedCodeOfANewerEditionIsAWarning() {
        assertThat(table.byCode("3319")).isEmpty();
        assertThat(table.byCode("331")).isPresent();
        ValidationResult r = table.validate("industryCode", "3319");
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(v -> v.rule()).containsExactly("industry.unknown-in-edition");
        assertThat(r.warnings().getFirst().messageZh()).contains("上级“331”存在");
    }

    @Provide
    Arbitrary<IndustryCategory> entries() {
        return Arbitraries.of(table.all().stream().toList());
    }

    @Property(tries = 300)
    void everyEntryValidatesAndHangsUnderItsParent(@ForAll("entries") IndustryCategory c) {
        assertThat(table.validate("industryCode", c.code()).violations()).isEmpty();
        if (c.level() != IndustryLevel.SECTION) {
            IndustryCategory parent = table.byCode(c.parentCode()).orElseThrow();
            assertThat(parent.level().ordinal()).isEqualTo(c.level().ordinal() - 1);
            assertThat(c.code()).hasSize(c.level().length());
            if (c.level() != IndustryLevel.DIVISION) {
                assertThat(c.code()).startsWith(parent.code());
            }
            String letter = table.section(c.code()).orElseThrow().code();
            assertThat(table.validate("industryCode", letter + c.code()).violations()).isEmpty();
        }
    }
}
