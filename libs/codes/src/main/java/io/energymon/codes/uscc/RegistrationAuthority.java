package io.energymon.codes.uscc;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Registration authorities of GB 32100 (position 1) with the organization types (position 2) they assign. Types are
 * listed for the authorities whose table we are sure of; for the others any alphabet character is accepted with a
 * warning.
 */
public enum RegistrationAuthority {
    ESTABLISHMENT('1', "机构编制", "institutional establishment",
            Map.of('1', "机关", '2', "事业单位", '3', "中央编办直接管理机构编制的群众团体", '9', "其他")),
    FOREIGN_AFFAIRS('2', "外交", "foreign affairs", Map.of()),
    JUSTICE('3', "司法行政", "judicial administration", Map.of()),
    CULTURE('4', "文化", "culture", Map.of()),
    CIVIL_AFFAIRS('5', "民政", "civil affairs",
            Map.of('1', "社会团体", '2', "民办非企业单位", '3', "基金会", '9', "其他")),
    TOURISM('6', "旅游", "tourism", Map.of()),
    RELIGION('7', "宗教", "religious affairs", Map.of()),
    TRADE_UNION('8', "工会", "trade unions", Map.of()),
    MARKET_REGULATION('9', "工商（市场监督管理）", "industry and commerce (market regulation)",
            Map.of('1', "企业", '2', "个体工商户", '3', "农民专业合作社")),
    MILITARY('A', "中央军委改革和编制办公室", "military reform and establishment office", Map.of()),
    AGRICULTURE('N', "农业", "agriculture (rural collective economic organizations)", Map.of()),
    OTHER('Y', "其他", "other", Map.of('1', "其他"));

    private final char code;
    private final String nameZh;
    private final String nameEn;
    private final Map<Character, String> organizationTypes;

    RegistrationAuthority(char code, String nameZh, String nameEn, Map<Character, String> organizationTypes) {
        this.code = code;
        this.nameZh = nameZh;
        this.nameEn = nameEn;
        this.organizationTypes = organizationTypes;
    }

    public char code() {
        return code;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    /** True when this module knows the authority's organization-type table. */
    public boolean hasKnownTypes() {
        return !organizationTypes.isEmpty();
    }

    /** The Chinese name of an organization type of this authority, if known. */
    public Optional<String> organizationTypeName(char type) {
        return Optional.ofNullable(organizationTypes.get(type));
    }

    public static Optional<RegistrationAuthority> ofCode(char c) {
        return Arrays.stream(values()).filter(a -> a.code == c).findFirst();
    }
}
