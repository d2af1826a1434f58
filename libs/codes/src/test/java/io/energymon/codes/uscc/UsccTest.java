package io.energymon.codes.uscc;

import io.energymon.codes.division.DivisionTable;
import io.energymon.codes.validation.CodeFormatException;
import io.energymon.codes.validation.ValidationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsccTest {

    /**
     * USCCs of well-known companies as printed in their public filings (annual reports, business licences):
     * 华为技术有限公司, 阿里巴巴（中国）有限公司, 腾讯科技（深圳）有限公司, 中国石油化工股份有限公司, 中国平安保险（集团）股份有限公司,
     * 比亚迪股份有限公司, 小米科技有限责任公司, 中国工商银行股份有限公司, 招商银行股份有限公司, 中国石油天然气股份有限公司,
     * 中国建设银行股份有限公司, 中国银行股份有限公司.
     */
    static final List<String> REAL = List.of(
            "914403001922038216", "91330100799655058B", "9144030071526726XG", "91110000710926094P",
            "91440300100012316L", "91440300192317458F", "91110108551385082Q", "91100000100003962T",
            "9144030010001686XA", "91110000710925462X", "911100001000044477", "911000001000013428");

    @Test
    void realUsccsFromPublicRecordsValidate() {
        for (String s : REAL) {
            ValidationResult r = Uscc.validate("enterpriseCode", s);
            assertThat(r.violations()).as(s).isEmpty();
            assertThat(UsccValidator.validate("enterpriseCode", s, DivisionTable.standard()).violations()).as(s)
                    .isEmpty();
        }
    }

    @Test
    void parsesIntoItsParts() {
        Uscc huawei = Uscc.parse(" 914403001922038216 ");
        assertThat(huawei.registrationAuthority()).contains(RegistrationAuthority.MARKET_REGULATION);
        assertThat(huawei.organizationType()).isEqualTo('1');
        assertThat(huawei.organizationTypeName()).contains("企业");
        assertThat(huawei.regionCode()).isEqualTo("440300");
        assertThat(DivisionTable.standard().byCode(huawei.regionCode()).orElseThrow().name()).isEqualTo("深圳市");
        assertThat(huawei.organizationCode()).isEqualTo("192203821");
        assertThat(huawei.checkCharacter()).isEqualTo('6');
        assertThat(Uscc.parse("9144030071526726xg").value()).isEqualTo("9144030071526726XG");
    }

    @Test
    void everySingleCharacterCorruptionOfRealCodesIsRejected() {
        String alphabet = UsccAlphabet.CHARACTERS + "IOSVZ-a ";
        int rejected = 0;
        for (String s : REAL) {
            for (int i = 0; i < 18; i++) {
                for (char c : alphabet.toCharArray()) {
                    if (c == s.charAt(i)) {
                        continue;
                    }
                    String bad = s.substring(0, i) + c + s.substring(i + 1);
                    assertThat(Uscc.validate("uscc", bad).isValid()).as(bad).isFalse();
                    rejected++;
                }
            }
        }
        assertThat(rejected).isEqualTo(REAL.size() * 18 * (alphabet.length() - 1));
    }

    @Test
    void checkDigitErrorNamesTheExpectedCharacter() {
        ValidationResult r = Uscc.validate("enterpriseCode", "914403001922038217");
        assertThat(r.errors()).hasSize(1);
        var v = r.errors().getFirst();
        assertThat(v.field()).isEqualTo("enterpriseCode");
        assertThat(v.rule()).isEqualTo("uscc.check-digit");
        assertThat(v.expected()).isEqualTo("6");
        assertThat(v.messageZh()).isEqualTo("统一社会信用代码校验位错误：应为 6");
        assertThat(v.messageEn()).isEqualTo("USCC check digit wrong: expected 6");
        assertThat(v.message()).isEqualTo("统一社会信用代码校验位错误：应为 6 / USCC check digit wrong: expected 6");
    }

    @Test
    void formatErrors() {
        assertThat(Uscc.validate("f", "91440300192203821").errors().getFirst().rule()).isEqualTo("uscc.length");
        assertThat(Uscc.validate("f", null).errors().getFirst().rule()).isEqualTo("uscc.required");
        var alphabet = Uscc.validate("f", "9144030019220382I6").errors().getFirst();
        assertThat(alphabet.rule()).isEqualTo("uscc.alphabet");
        assertThat(alphabet.messageEn()).contains("position 17");
        assertThatThrownBy(() -> Uscc.parse("914403001922038217")).isInstanceOf(CodeFormatException.class)
                .hasMessageContaining("应为 6");
        assertThat(Uscc.tryParse("nonsense")).isEmpty();
    }

    @Test
    void organizationCodeCheckPerGb11714() {
        // 1*3+2*7+3*9+4*10+5*5+6*8+7*4+8*2 = 201; 201 mod 11 = 3; 11 - 3 = 8
        assertThat(OrganizationCode.checkCharacter("12345678")).isEqualTo('8');
        assertThat(OrganizationCode.isValid("123456788")).isTrue();
        assertThat(OrganizationCode.isValid("123456787")).isFalse();
        // 0*3+...+0 + 1*2 = 2; 11 - 2 = 9
        assertThat(OrganizationCode.checkCharacter("00000001")).isEqualTo('9');
        // A=10: 10*3 = 30; 30 mod 11 = 8; 11 - 8 = 3
        assertThat(OrganizationCode.checkCharacter("A0000000")).isEqualTo('3');
        // 10 → X: need sum mod 11 = 1: 1*4 (position 7 weight 4) + 1*8 (position 6 weight 8) = 12, 12 mod 11 = 1
        assertThat(OrganizationCode.checkCharacter("00000110")).isEqualTo('X');
        // 11 → 0: sum mod 11 = 0
        assertThat(OrganizationCode.checkCharacter("00000000")).isEqualTo('0');
    }

    @Test
    void embeddedOrganizationCodeIsChecked() {
        // Body with a wrong organization code check, USCC check recomputed so that only GB 11714 fails.
        String body = "91440300" + "12345678" + "7";
        String s = body + UsccAlphabet.checkCharacter(body);
        ValidationResult r = Uscc.validate("f", s);
        assertThat(r.errors()).extracting(v -> v.rule()).containsExactly("uscc.organization-code-check");
        assertThat(r.errors().getFirst().expected()).isEqualTo("8");
    }

    @Test
    void unknownRegionIsAWarningOnly() {
        String body = "91999900" + "12345678" + "8";
        String s = body + UsccAlphabet.checkCharacter(body);
        ValidationResult r = UsccValidator.validate("f", s, DivisionTable.standard());
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(v -> v.rule()).containsExactly("uscc.region-unknown");
    }

    @Provide
    Arbitrary<String> validUscc() {
        Arbitrary<Character> authority = Arbitraries.of('1', '5', '9', 'Y');
        Arbitrary<Character> type = Arbitraries.of('1');
        Arbitrary<String> region = Arbitraries.strings().withChars("0123456789").ofLength(6);
        Arbitrary<String> orgBody = Arbitraries.strings().withChars(UsccAlphabet.CHARACTERS).ofLength(8);
        return Combinators.combine(authority, type, region, orgBody).as((a, t, r, o) -> {
            String body = "" + a + t + r + o + OrganizationCode.checkCharacter(o);
            return body + UsccAlphabet.checkCharacter(body);
        });
    }

    @Property(tries = 300)
    void generatedCodesRoundTrip(@ForAll("validUscc") String s) {
        Uscc u = Uscc.parse(s);
        assertThat(u.value()).isEqualTo(s);
        assertThat("" + u.registrationAuthorityCode() + u.organizationType() + u.regionCode() + u.organizationCode()
                + u.checkCharacter()).isEqualTo(s);
        assertThat(Uscc.parse(u.toString())).isEqualTo(u);
    }

    @Property(tries = 500)
    void anySingleSubstitutionIsRejected(@ForAll("validUscc") String s, @ForAll @IntRange(max = 17) int position,
                                         @ForAll @IntRange(min = 1, max = 30) int shift) {
        char original = s.charAt(position);
        char replacement = UsccAlphabet.CHARACTERS.charAt((UsccAlphabet.valueOf(original) + shift) % 31);
        String bad = s.substring(0, position) + replacement + s.substring(position + 1);
        assertThat(Uscc.validate("uscc", bad).isValid()).isFalse();
    }

    @Property(tries = 300)
    void adjacentTranspositionOfDifferentCharactersIsRejected(@ForAll("validUscc") String s,
                                                             @ForAll @IntRange(max = 16) int position) {
        char a = s.charAt(position);
        char b = s.charAt(position + 1);
        if (a == b) {
            return;
        }
        String bad = s.substring(0, position) + b + a + s.substring(position + 2);
        assertThat(Uscc.validate("uscc", bad).isValid()).isFalse();
    }
}
