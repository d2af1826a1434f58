package io.energymon.codes.standard;

import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable, ordered list of codes of one kind with a Chinese and English title. */
public final class CodeList<T extends StandardCode> {

    private final String titleZh;
    private final String titleEn;
    private final Map<String, T> byCode;

    public CodeList(String titleZh, String titleEn, List<T> entries) {
        this.titleZh = titleZh;
        this.titleEn = titleEn;
        Map<String, T> map = new LinkedHashMap<>();
        for (T e : entries) {
            if (map.putIfAbsent(e.code(), e) != null) {
                throw new IllegalArgumentException("duplicate code " + e.code() + " in " + titleEn);
            }
        }
        this.byCode = Collections.unmodifiableMap(map);
    }

    public String titleZh() {
        return titleZh;
    }

    public String titleEn() {
        return titleEn;
    }

    public Optional<T> byCode(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public boolean contains(String code) {
        return code != null && byCode.containsKey(code);
    }

    public Collection<T> all() {
        return byCode.values();
    }

    public int size() {
        return byCode.size();
    }

    /** An error when the code is not in the list. */
    public ValidationResult validate(String field, String code) {
        if (contains(code)) {
            return ValidationResult.ok();
        }
        return ValidationResult.of(Violation.error(field, "code-list.unknown", "a code of " + titleEn,
                titleZh + "中不存在代码“" + code + "”", "Code '" + code + "' is not in the " + titleEn));
    }
}
