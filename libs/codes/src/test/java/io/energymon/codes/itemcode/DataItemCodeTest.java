package io.energymon.codes.itemcode;

import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataItemCodeTest {

    @Test
    void protocolExampleParses() {
        DataItemCode c = DataItemCode.parse("00-00-0000-023300-11", LayoutProfile.NHJC16);
        assertThat(c.process()).isEqualTo("00");
        assertThat(c.processUnit()).isEqualTo("00");
        assertThat(c.equipmentType()).isEqualTo("00");
        assertThat(c.equipmentSerial()).isEqualTo("00");
        assertThat(c.dataClass()).isEqualTo("02");
        assertThat(c.subjectCode()).isEqualTo("3300");
        assertThat(c.useCode()).isEqualTo("11");
        assertThat(c.format()).isEqualTo("0000000002330011");
        assertThat(DataItemCode.parse("0000000002330011")).isEqualTo(c);
        assertThat(DataItemCodeValidator.validateScope(c, Scope.ENTERPRISE).violations()).isEmpty();
    }

    @Test
    void db36LayoutWidensTheEquipment() {
        DataItemCode c = DataItemCode.parse("03-02-05012-013300-11", LayoutProfile.DB36_17);
        assertThat(c.equipmentType()).isEqualTo("05");
        assertThat(c.equipmentSerial()).isEqualTo("012");
        assertThat(c.format()).isEqualTo("03020501201330011");
        assertThat(c.format()).hasSize(17);
        assertThat(DataItemCode.parse("03020501201330011")).isEqualTo(c);
        DataItemCode national = DataItemCode.parse("03-02-0512-013300-11", LayoutProfile.NHJC16);
        assertThat(national.toProfile(LayoutProfile.DB36_17)).isEqualTo(c);
        assertThat(c.toProfile(LayoutProfile.NHJC16)).isEqualTo(national);
        DataItemCode wide = DataItemCode.parse("03-02-05512-013300-11", LayoutProfile.DB36_17);
        assertThatThrownBy(() -> wide.toProfile(LayoutProfile.NHJC16)).isInstanceOf(CodeFormatException.class);
    }

    @Test
    void wrongFormsAreRejectedWithTheExpectedForm() {
        ValidationResult r = DataItemCode.validateFormat("dataCode", "00-00-00000-023300-11", LayoutProfile.NHJC16);
        assertThat(r.errors().getFirst().expected()).isEqualTo("16 digits or PP-UU-EEEE-CCTTTT-DD");
        assertThat(r.errors().getFirst().messageZh()).contains("PP-UU-EEEE-CCTTTT-DD");
        assertThat(DataItemCode.validateFormat("d", "0000-00-0000-2330-11", LayoutProfile.NHJC16).isValid()).isFalse();
        assertThat(DataItemCode.validateFormat("d", "000000000233001１", LayoutProfile.NHJC16).isValid()).isFalse();
        assertThatThrownBy(() -> DataItemCode.parse("123")).isInstanceOf(CodeFormatException.class)
                .hasMessageContaining("16");
    }

    @Test
    void scopeRules() {
        DataItemCode c = DataItemCode.parse("03-02-0512-013300-11", LayoutProfile.NHJC16);
        assertThat(DataItemCodeValidator.validateScope(c, Scope.EQUIPMENT).violations()).isEmpty();
        assertThat(DataItemCodeValidator.validateScope(c, Scope.PROCESS_UNIT).errors())
                .extracting(v -> v.field()).containsExactly("equipment");
        assertThat(DataItemCodeValidator.validateScope(c, Scope.PROCESS).errors())
                .extracting(v -> v.field()).containsExactly("processUnit", "equipment");
        assertThat(DataItemCodeValidator.validateScope(c, Scope.ENTERPRISE).errors())
                .extracting(v -> v.field()).containsExactly("process", "processUnit", "equipment");
        assertThat(c.withScope(Scope.PROCESS).formatHyphenated()).isEqualTo("03-00-0000-013300-11");
        assertThat(c.withScope(Scope.ENTERPRISE).formatHyphenated()).isEqualTo("00-00-0000-013300-11");
        assertThat(c.withScope(Scope.PROCESS_UNIT).formatHyphenated()).isEqualTo("03-02-0000-013300-11");
        DataItemCode plant = DataItemCode.parse("00-00-0000-013300-11", LayoutProfile.NHJC16);
        assertThat(DataItemCodeValidator.validateScope(plant, Scope.PROCESS).errors())
                .extracting(v -> v.rule()).containsExactly("item-code.scope-set");
    }

    private static PlatformCodeLists downloaded() {
        return PlatformCodeLists.builder("20250301")
                .put(CodeListKind.PROCESS, List.of(new PlatformCodeEntry("03", "炼钢")))
                .put(CodeListKind.PROCESS_UNIT, List.of(new PlatformCodeEntry("02", "2号转炉", "03")))
                .put(CodeListKind.EQUIPMENT_TYPE, List.of(new PlatformCodeEntry("05", "电动机")))
                .put(CodeListKind.ENERGY_TYPE, List.of(new PlatformCodeEntry("3300", "电力")))
                .put(CodeListKind.WORKING_MEDIUM, List.of(new PlatformCodeEntry("0101", "压缩空气")))
                .put(CodeListKind.PRODUCT, List.of(new PlatformCodeEntry("0001", "粗钢")))
                .put(CodeListKind.USE, List.of(new PlatformCodeEntry("11", "消费量")))
                .build();
    }

    @Test
    void validationAgainstDownloadedLists() {
        DataItemCodeValidator v = new DataItemCodeValidator(downloaded());
        assertThat(v.validate("03-02-05012-023300-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).violations())
                .isEmpty();
        ValidationResult unknownEnergy = v.validate("03-02-05012-023900-11", LayoutProfile.DB36_17, Scope.EQUIPMENT);
        assertThat(unknownEnergy.errors()).extracting(x -> x.field()).containsExactly("subjectCode");
        assertThat(unknownEnergy.errors().getFirst().messageZh()).contains("能源品种").contains("20250301");
        assertThat(v.validate("03-02-05012-030101-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).isValid()).isTrue();
        assertThat(v.validate("03-02-05012-033300-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).isValid()).isFalse();
        assertThat(v.validate("03-02-05012-023300-12", LayoutProfile.DB36_17, Scope.EQUIPMENT).errors())
                .extracting(x -> x.field()).containsExactly("useCode");
        assertThat(v.validate("03-01-05012-023300-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).errors())
                .extracting(x -> x.field()).containsExactly("processUnit");
        assertThat(v.validate("03-02-05012-113300-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).errors())
                .extracting(x -> x.rule()).containsExactly("item-code.data-class");
        // Data class 04: raw-material energy in DB36, non-energy product in the national layout.
        assertThat(v.validate("03-02-05012-043300-11", LayoutProfile.DB36_17, Scope.EQUIPMENT).isValid()).isTrue();
        assertThat(v.validate("03-02-0512-043300-11", LayoutProfile.NHJC16, Scope.EQUIPMENT).isValid()).isFalse();
        assertThat(v.validate("03-02-0512-040001-11", LayoutProfile.NHJC16, Scope.EQUIPMENT).isValid()).isTrue();
    }

    @Test
    void missingListsAreWarnings() {
        DataItemCodeValidator v = new DataItemCodeValidator(PlatformCodeLists.fromStandard());
        ValidationResult r = v.validate("00-00-0000-023300-11", LayoutProfile.NHJC16, Scope.ENTERPRISE);
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(x -> x.field()).containsExactly("useCode");
        assertThat(v.validate("00-00-0000-023301-11", LayoutProfile.NHJC16, Scope.ENTERPRISE).isValid()).isFalse();
    }

    @Provide
    Arbitrary<DataItemCode> codes() {
        Arbitrary<LayoutProfile> profile = Arbitraries.of(LayoutProfile.values());
        return profile.flatMap(p -> Builders.withBuilder(() -> new String[7])
                .use(digits(2)).in((a, s) -> set(a, 0, s))
                .use(digits(2)).in((a, s) -> set(a, 1, s))
                .use(digits(p.equipmentTypeDigits())).in((a, s) -> set(a, 2, s))
                .use(digits(p.equipmentSerialDigits())).in((a, s) -> set(a, 3, s))
                .use(digits(2)).in((a, s) -> set(a, 4, s))
                .use(digits(4)).in((a, s) -> set(a, 5, s))
                .use(digits(2)).in((a, s) -> set(a, 6, s))
                .build(a -> new DataItemCode(p, a[0], a[1], a[2], a[3], a[4], a[5], a[6])));
    }

    private static String[] set(String[] a, int i, String s) {
        a[i] = s;
        return a;
    }

    private static Arbitrary<String> digits(int n) {
        return Arbitraries.strings().withChars("0123456789").ofLength(n);
    }

    @Property(tries = 300)
    void formatAndParseRoundTrip(@ForAll("codes") DataItemCode c) {
        assertThat(DataItemCode.parse(c.format(), c.profile())).isEqualTo(c);
        assertThat(DataItemCode.parse(c.formatHyphenated(), c.profile())).isEqualTo(c);
        assertThat(DataItemCode.parse(c.format())).isEqualTo(c);
        assertThat(c.formatHyphenated()).hasSize(c.profile().hyphenatedLength());
        assertThat(c.formatHyphenated().replace("-", "")).isEqualTo(c.format());
    }

    @Property(tries = 300)
    void withScopeSatisfiesTheScopeRules(@ForAll("codes") DataItemCode c, @ForAll Scope scope) {
        DataItemCode scoped = c.withScope(scope);
        assertThat(DataItemCodeValidator.validateScope(scoped, scope).hasRule("item-code.scope-zero")).isFalse();
        assertThat(scoped.withScope(scope)).isEqualTo(scoped);
        assertThat(scoped.dataClass() + scoped.subjectCode() + scoped.useCode())
                .isEqualTo(c.dataClass() + c.subjectCode() + c.useCode());
    }

    @Property(tries = 300)
    void corruptedCharacterIsRejected(@ForAll("codes") DataItemCode c, @ForAll @IntRange(max = 20) int position,
                                      @ForAll("nonDigits") char bad) {
        String text = c.formatHyphenated();
        int i = position % text.length();
        String corrupted = text.substring(0, i) + bad + text.substring(i + 1);
        assertThat(DataItemCode.validateFormat("dataCode", corrupted, c.profile()).isValid()).isFalse();
        String bare = c.format();
        int j = position % bare.length();
        String corruptedBare = bare.substring(0, j) + bad + bare.substring(j + 1);
        assertThat(DataItemCode.validateFormat("dataCode", corruptedBare, c.profile()).isValid()).isFalse();
    }

    @Provide
    Arbitrary<Character> nonDigits() {
        return Arbitraries.of('A', 'x', ' ', '/', '_', '０', '９', '.');
    }
}
