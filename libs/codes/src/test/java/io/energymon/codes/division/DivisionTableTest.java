package io.energymon.codes.division;

import io.energymon.codes.validation.ValidationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DivisionTableTest {

    private final DivisionTable table = DivisionTable.standard();

    @Test
    void knownCodesFromPublicRecords() {
        assertThat(table.byCode("360000").orElseThrow().name()).isEqualTo("江西省");
        assertThat(table.byCode("360100").orElseThrow().name()).isEqualTo("南昌市");
        assertThat(table.byCode("360102").orElseThrow().name()).isEqualTo("东湖区");
        assertThat(table.byCode("440300").orElseThrow().name()).isEqualTo("深圳市");
        assertThat(table.byCode("110105").orElseThrow().name()).isEqualTo("朝阳区");
        assertThat(table.byCode("360781").orElseThrow().name()).isEqualTo("瑞金市");
        assertThat(table.byCode("360102").orElseThrow().level()).isEqualTo(DivisionLevel.COUNTY);
        assertThat(table.byCode("999999")).isEmpty();
    }

    @Test
    void provinceCityCountyOfACode() {
        DivisionHierarchy h = table.hierarchy("360102").orElseThrow();
        assertThat(h.province().code()).isEqualTo("360000");
        assertThat(h.city().orElseThrow().code()).isEqualTo("360100");
        assertThat(h.county().orElseThrow().code()).isEqualTo("360102");
        assertThat(h.fullName()).isEqualTo("江西省南昌市东湖区");
        assertThat(table.hierarchy("110101").orElseThrow().fullName()).isEqualTo("北京市东城区");
        DivisionHierarchy city = table.hierarchy("360100").orElseThrow();
        assertThat(city.county()).isEmpty();
        assertThat(city.fullName()).isEqualTo("江西省南昌市");
        assertThat(table.province("360781").orElseThrow().name()).isEqualTo("江西省");
        assertThat(table.city("360781").orElseThrow().name()).isEqualTo("赣州市");
    }

    @Test
    void lookupByName() {
        List<AdministrativeDivision> chaoyang = table.byName("朝阳区");
        assertThat(chaoyang).extracting(AdministrativeDivision::code).contains("110105", "220104");
        assertThat(table.byName("南昌市")).extracting(AdministrativeDivision::code).containsExactly("360100");
        assertThat(table.search("南昌")).extracting(AdministrativeDivision::code).contains("360100", "360121");
    }

    @Test
    void sizeAndShape() {
        // 34 province-level divisions: 23 provinces (incl. Taiwan), 5 autonomous regions, 4 municipalities, 2 SARs.
        assertThat(table.all().stream().filter(d -> d.level() == DivisionLevel.PROVINCE)).hasSize(34);
        // Jiangxi has 11 prefecture-level cities.
        assertThat(table.children("360000")).hasSize(11);
        assertThat(table.size()).isGreaterThan(3300);
        assertThat(table.all()).allSatisfy(d -> {
            assertThat(d.code()).matches("\\d{6}");
            d.parent().ifPresent(p -> assertThat(table.byCode(p)).as(d.code()).isPresent());
            assertThat(DivisionLevel.ofCode(d.code())).as(d.code()).isEqualTo(d.level());
        });
    }

    @Test
    void validation() {
        assertThat(table.validate("regionCode", "360102").violations()).isEmpty();
        ValidationResult bad = table.validate("regionCode", "36010");
        assertThat(bad.errors().getFirst().rule()).isEqualTo("division.format");
        assertThat(bad.errors().getFirst().messageZh()).contains("应为6位数字");
        assertThat(table.validate("regionCode", "369999").errors().getFirst().rule()).isEqualTo("division.unknown");
        ValidationResult zone = table.validate("regionCode", "130171");
        assertThat(zone.isValid()).isTrue();
        assertThat(zone.warnings()).extracting(v -> v.rule()).containsExactly("division.statistical-zone");
        assertThat(table.validate("regionCode", "110100").warnings()).extracting(v -> v.rule())
                .containsExactly("division.grouping");
    }

    @Provide
    Arbitrary<AdministrativeDivision> counties() {
        return Arbitraries.of(table.all().stream().filter(d -> d.level() == DivisionLevel.COUNTY).toList());
    }

    @Property(tries = 300)
    void countyHierarchyFollowsTheDigits(@ForAll("counties") AdministrativeDivision county) {
        DivisionHierarchy h = table.hierarchy(county.code()).orElseThrow();
        assertThat(h.province().code()).isEqualTo(county.code().substring(0, 2) + "0000");
        assertThat(h.city().orElseThrow().code()).isEqualTo(county.code().substring(0, 4) + "00");
        assertThat(h.county()).contains(county);
        assertThat(table.byName(county.name())).contains(county);
    }
}
