package io.energymon.codes.itemcode;

import io.energymon.codes.standard.DataClass;
import io.energymon.codes.validation.ValidationResult;
import io.energymon.codes.validation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a data item code against its scope and the platform's code lists: the scope rules (scope 1 zeroes the
 * process, scope ≤ 2 the process unit, scope ≤ 3 the equipment; a process scope needs a process and so on), the data
 * class (Table 4) and each segment against the downloaded list it belongs to.
 */
public final class DataItemCodeValidator {

    private final PlatformCodeLists lists;

    public DataItemCodeValidator(PlatformCodeLists lists) {
        this.lists = lists;
    }

    /** Parses with the profile, then validates; a malformed text yields the format error only. */
    public ValidationResult validate(String text, LayoutProfile profile, Scope scope) {
        ValidationResult format = DataItemCode.validateFormat("dataCode", text, profile);
        if (!format.isValid()) {
            return format;
        }
        return validate(DataItemCode.parse(text, profile), scope);
    }

    public ValidationResult validate(DataItemCode code, Scope scope) {
        List<Violation> out = new ArrayList<>();
        scopeRules(code, scope, out);
        Optional<DataClass> dataClass = DataClass.ofCode(code.dataClass());
        if (dataClass.isEmpty()) {
            out.add(Violation.error("dataClass", "item-code.data-class", "01-10 (Table 4)",
                    "采集数据类型“" + code.dataClass() + "”不存在：应为表4中的01-10",
                    "Data class '" + code.dataClass() + "' does not exist: expected 01-10 of Table 4"));
        } else if (lists.has(CodeListKind.DATA_CLASS)
                && lists.find(CodeListKind.DATA_CLASS, code.dataClass()).isEmpty()) {
            out.add(notInList("dataClass", CodeListKind.DATA_CLASS, code.dataClass()));
        }
        if (scope.code() >= Scope.PROCESS.code()) {
            check(out, "process", CodeListKind.PROCESS, code.process(), "");
        }
        if (scope.code() >= Scope.PROCESS_UNIT.code()) {
            check(out, "processUnit", CodeListKind.PROCESS_UNIT, code.processUnit(), code.process());
        }
        if (scope == Scope.EQUIPMENT) {
            check(out, "equipmentType", CodeListKind.EQUIPMENT_TYPE, code.equipmentType(), "");
        }
        dataClass.map(c -> subjectList(code.profile().subjectOf(c)))
                .flatMap(o -> o)
                .ifPresent(kind -> check(out, "subjectCode", kind, code.subjectCode(), ""));
        check(out, "useCode", CodeListKind.USE, code.useCode(), "");
        return new ValidationResult(out);
    }

    /** The scope rules alone. */
    public static ValidationResult validateScope(DataItemCode code, Scope scope) {
        List<Violation> out = new ArrayList<>();
        scopeRules(code, scope, out);
        return new ValidationResult(out);
    }

    private static void scopeRules(DataItemCode code, Scope scope, List<Violation> out) {
        String eqZeros = "0".repeat(code.profile().equipmentDigits());
        if (scope == Scope.ENTERPRISE && !code.process().equals("00")) {
            out.add(mustBeZero("process", "00", scope));
        }
        if (scope.code() <= Scope.PROCESS.code() && !code.processUnit().equals("00")) {
            out.add(mustBeZero("processUnit", "00", scope));
        }
        if (scope.code() <= Scope.PROCESS_UNIT.code() && !code.equipment().equals(eqZeros)) {
            out.add(mustBeZero("equipment", eqZeros, scope));
        }
        if (scope.code() >= Scope.PROCESS.code() && code.process().equals("00")) {
            out.add(mustBeSet("process", scope, "生产工序", "process"));
        }
        if (scope.code() >= Scope.PROCESS_UNIT.code() && code.processUnit().equals("00")) {
            out.add(mustBeSet("processUnit", scope, "工序单元", "process unit"));
        }
        if (scope == Scope.EQUIPMENT && code.equipment().equals(eqZeros)) {
            out.add(mustBeSet("equipment", scope, "设备", "equipment"));
        }
    }

    private static Violation mustBeZero(String field, String zeros, Scope scope) {
        return Violation.error(field, "item-code.scope-zero", zeros,
                "统计范围为" + scope.code() + "（" + scope.nameZh() + "）时，" + field + "段应为 " + zeros,
                "With scope " + scope.code() + " (" + scope.nameEn() + ") the " + field + " segment must be " + zeros);
    }

    private static Violation mustBeSet(String field, Scope scope, String zh, String en) {
        return Violation.error(field, "item-code.scope-set", "a non-zero " + en + " code",
                "统计范围为" + scope.code() + "（" + scope.nameZh() + "）时必须填写" + zh + "编码（不能全为0）",
                "With scope " + scope.code() + " (" + scope.nameEn() + ") a " + en + " code is required (not all zeros)");
    }

    private static Optional<CodeListKind> subjectList(DataClass.Subject subject) {
        return switch (subject) {
            case ENERGY_TYPE -> Optional.of(CodeListKind.ENERGY_TYPE);
            case WORKING_MEDIUM -> Optional.of(CodeListKind.WORKING_MEDIUM);
            case PRODUCT -> Optional.of(CodeListKind.PRODUCT);
            case EFFICIENCY_INDICATOR -> Optional.of(CodeListKind.EFFICIENCY_INDICATOR);
            case ECONOMIC_INDICATOR -> Optional.of(CodeListKind.ECONOMIC_INDICATOR);
            case OTHER -> Optional.empty();
        };
    }

    private void check(List<Violation> out, String field, CodeListKind kind, String code, String parent) {
        if (!lists.has(kind)) {
            out.add(Violation.warning(field, "item-code.list-missing", "a downloaded " + kind.nameEn() + " list",
                    "未下载“" + kind.nameZh() + "”代码表，编码“" + code + "”未核对",
                    "No " + kind.nameEn() + " code list downloaded; code '" + code + "' not checked"));
            return;
        }
        Optional<PlatformCodeEntry> entry = lists.find(kind, code);
        if (entry.isEmpty()) {
            out.add(notInList(field, kind, code));
        } else if (!parent.isEmpty() && !entry.get().parentCode().isEmpty()
                && !entry.get().parentCode().equals(parent)) {
            out.add(Violation.error(field, "item-code.parent-mismatch", entry.get().parentCode(),
                    kind.nameZh() + "“" + code + "”不属于上级“" + parent + "”，应属于“" + entry.get().parentCode() + "”",
                    kind.nameEn() + " '" + code + "' does not belong to '" + parent + "' but to '"
                            + entry.get().parentCode() + "'"));
        }
    }

    private Violation notInList(String field, CodeListKind kind, String code) {
        return Violation.error(field, "item-code.not-in-list", "a code of the platform's " + kind.nameEn() + " list",
                "编码“" + code + "”不在平台下发的“" + kind.nameZh() + "”代码表（版本 " + lists.version() + "）中",
                "Code '" + code + "' is not in the platform's " + kind.nameEn() + " list (version " + lists.version()
                        + ")");
    }
}
