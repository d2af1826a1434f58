package io.energymon.uploader.platform;

import java.util.List;
import java.util.Map;

/**
 * The platform's code lists ("基础数据") as downloaded.
 *
 * @param regVersion platform configuration version, or null when the answer carried none
 * @param dicVersion base-data version, or null
 * @param codeLists  lists by the platform's field name (e.g. {@code dataClasses}, {@code dataSources},
 *                   {@code energyTypes}, {@code useCodes}); order as received
 */
public record BaseDataSet(String regVersion, String dicVersion, Map<String, List<CodeEntry>> codeLists) {

    public BaseDataSet {
        codeLists = Map.copyOf(codeLists);
    }

    /** One list, empty when the platform sent none of that name. */
    public List<CodeEntry> list(String name) {
        return codeLists.getOrDefault(name, List.of());
    }

    /**
     * One entry of a code list.
     *
     * @param code       the code
     * @param name       its name, or null
     * @param attributes other scalar members of the entry (e.g. {@code dataClass})
     */
    public record CodeEntry(String code, String name, Map<String, String> attributes) {
        public CodeEntry {
            attributes = Map.copyOf(attributes);
        }
    }
}
