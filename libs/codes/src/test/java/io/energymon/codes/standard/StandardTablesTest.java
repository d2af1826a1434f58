package io.energymon.codes.standard;

import io.energymon.codes.validation.ValidationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every table of §7 and Appendix A, entry for entry against the standard's text. */
class StandardTablesTest {

    private static StandardTextTables text;

    @BeforeAll
    static void readStandard() throws IOException {
        text = new StandardTextTables();
    }

    /** code → item name of a two-level table (category, category code, item, item code). */
    private static Map<String, String> twoLevel(List<String[]> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        String category = null;
        for (String[] r : rows) {
            if (r[0].equals("能源分类") || r[0].equals("耗能工质分类")) {
                continue;
            }
            if (!r[1].isBlank()) {
                category = r[1].strip();
            }
            out.put(category + r[3].strip(), r[2].strip());
        }
        return out;
    }

    @Test
    void tableA1EnergyTypesEntryForEntry() {
        List<String[]> rows = new ArrayList<>(text.rows("表 A.1 能源品种编码表", "表 A.1 能源品种编码表（续）"));
        rows.addAll(text.rows("表 A.1 能源品种编码表（续）", "A.2"));
        Map<String, String> expected = twoLevel(rows);
        assertThat(expected).hasSize(41);
        Map<String, String> actual = new LinkedHashMap<>();
        StandardTables.energyTypes().all().forEach(e -> actual.put(e.code(), e.nameZh()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(StandardTables.energyTypes().byCode("3300").orElseThrow().nameEn()).isEqualTo("electricity");
    }

    @Test
    void tableA2WorkingMediaEntryForEntry() {
        Map<String, String> expected = twoLevel(text.rows("表 A.2 部分耗能工质编码表", "A.3"));
        assertThat(expected).hasSize(16);
        Map<String, String> actual = new LinkedHashMap<>();
        StandardTables.workingMedia().all().forEach(e -> actual.put(e.code(), e.nameZh()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(StandardTables.workingMedia().byCode("0101").orElseThrow().categoryNameZh()).isEqualTo("气体类");
    }

    @Test
    void tableA3MeterTypesEntryForEntry() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] r : text.rows("表 A.3 计量器具类型代码表", "附录 B")) {
            if (!r[0].equals("计量器具类型")) {
                expected.put(r[1].strip(), r[0].strip());
            }
        }
        assertThat(expected).hasSize(35);
        Map<String, String> actual = new LinkedHashMap<>();
        StandardTables.meterTypes().all().forEach(e -> actual.put(e.code(), e.nameZh()));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void table3DataSourcesEntryForEntry() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] r : text.rows("表3 数据采集来源类型编码", "7.9")) {
            if (!r[0].equals("采集数据来源")) {
                expected.put(r[1].strip(), r[0].strip());
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        StandardTables.dataSources().all().forEach(e -> actual.put(e.code(), e.nameZh()));
        assertThat(actual).hasSize(7).containsExactlyEntriesOf(expected);
    }

    @Test
    void table4DataClassesEntryForEntry() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] r : text.rows("表4 采集数据编码表", "7.10")) {
            if (!r[0].equals("数据类型")) {
                expected.put(r[1].strip(), r[0].strip());
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        StandardTables.dataClasses().all().forEach(e -> actual.put(e.code(), e.nameZh()));
        assertThat(actual).hasSize(10).containsExactlyEntriesOf(expected);
    }

    @Test
    void everyEntryHasAnEnglishName() {
        List<StandardCode> all = new ArrayList<>();
        all.addAll(StandardTables.energyTypes().all());
        all.addAll(StandardTables.workingMedia().all());
        all.addAll(StandardTables.meterTypes().all());
        all.addAll(StandardTables.dataSources().all());
        all.addAll(StandardTables.dataClasses().all());
        assertThat(all).allSatisfy(c -> assertThat(c.nameEn()).isNotBlank().doesNotContain("\t"));
    }

    @Test
    void meterCodeParsesAndRejects() {
        MeterCode m = MeterCode.parse("122400002017");
        assertThat(m.meterType()).isEqualTo("12240000");
        assertThat(m.level()).isEqualTo(MeterLevel.SECONDARY_UNIT);
        assertThat(m.serial()).isEqualTo("017");
        assertThat(m.value()).isEqualTo("122400002017");
        assertThat(StandardTables.meterTypes().byCode(m.meterType()).orElseThrow().nameZh()).isEqualTo("热能表");

        ValidationResult badLevel = MeterCode.validate("meterCode", "122400004001");
        assertThat(badLevel.isValid()).isFalse();
        assertThat(badLevel.errors().getFirst().rule()).isEqualTo("meter.level");
        assertThat(badLevel.errors().getFirst().expected()).isEqualTo("1, 2 or 3");
        assertThat(MeterCode.validate("meterCode", "122400001000").hasRule("meter.serial")).isTrue();
        ValidationResult unlisted = MeterCode.validate("meterCode", "99990000" + "2" + "001");
        assertThat(unlisted.isValid()).isTrue();
        assertThat(unlisted.warnings()).extracting(v -> v.rule()).containsExactly("meter.type-unlisted");
        assertThatThrownBy(() -> MeterCode.parse("12240000201")).hasMessageContaining("12");
    }

    @Test
    void equipmentAndProcessCodes() {
        EquipmentCode e = EquipmentCode.parse("03012");
        assertThat(e.type()).isEqualTo("03");
        assertThat(e.serial()).isEqualTo("012");
        assertThat(EquipmentCode.validate("equipment", "0301").isValid()).isFalse();
        assertThat(BasicCodes.validateProcess("process", "07").isValid()).isTrue();
        assertThat(BasicCodes.validateProcess("process", "7").errors().getFirst().messageEn())
                .isEqualTo("Process code malformed: expected 2 digits, got '7'");
        assertThat(BasicCodes.validateProcessUnit("unit", "0a").isValid()).isFalse();
    }
}
