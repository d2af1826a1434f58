package io.energymon.portal.codelists;

import io.energymon.codes.itemcode.LayoutProfile;
import io.energymon.codes.standard.CodeList;
import io.energymon.codes.standard.DataClass;
import io.energymon.codes.standard.StandardCode;
import io.energymon.codes.standard.StandardTables;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The standard's code lists a form picks from (the web app's data code builder): data classes with the kind of
 * subject each takes, energy types (Table A.1), working media (Table A.2), meter types (Table A.3), data sources, and
 * the segment widths of both data code layouts. The same lists master data validates with (libs/codes); they are
 * the standard's, not a tenant's, so any logged-in user may read them.
 */
@RestController
public class CodeListsController {

    /** One code with its names. */
    public record Code(String code, String nameZh, String nameEn) {
        static Code of(StandardCode c) {
            return new Code(c.code(), c.nameZh(), c.nameEn());
        }
    }

    /** A data class and what its subject code names (ENERGY_TYPE, WORKING_MEDIUM, a product or an indicator). */
    public record DataClassCode(String code, String nameZh, String nameEn, String subject) {
    }

    /** A data code layout: its length and segment widths. */
    public record Layout(String profile, int length, int equipmentTypeDigits, int equipmentSerialDigits, String pattern) {
    }

    public record CodeLists(List<DataClassCode> dataClasses, List<Code> energyTypes, List<Code> workingMedia,
                            List<Code> meterTypes, List<Code> dataSources, List<Layout> layouts) {
    }

    private static final CodeLists LISTS = new CodeLists(
            Arrays.stream(DataClass.values()).map(d -> new DataClassCode(d.code(), d.nameZh(), d.nameEn(),
                    d.subject().name())).toList(),
            codes(StandardTables.energyTypes()), codes(StandardTables.workingMedia()),
            codes(StandardTables.meterTypes()), codes(StandardTables.dataSources()),
            Arrays.stream(LayoutProfile.values()).map(p -> new Layout(p.name(), p.length(), p.equipmentTypeDigits(),
                    p.equipmentSerialDigits(), p.pattern())).toList());

    private static List<Code> codes(CodeList<? extends StandardCode> list) {
        return list.all().stream().map(Code::of).toList();
    }

    @GetMapping("/api/portal/code-lists")
    public CodeLists codeLists() {
        return LISTS;
    }
}
