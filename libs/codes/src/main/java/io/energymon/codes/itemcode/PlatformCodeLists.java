package io.energymon.codes.itemcode;

import io.energymon.codes.standard.StandardCode;
import io.energymon.codes.standard.StandardTables;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The code lists downloaded from a platform, filled at run time by the uploader, with the platform's dictionary
 * version ({@code dicVersion}). A kind that was not downloaded is absent, and checks against it are skipped with a
 * warning. Immutable; build with {@link #builder(String)}.
 */
public final class PlatformCodeLists {

    private final String version;
    private final Map<CodeListKind, Map<String, PlatformCodeEntry>> lists;

    private PlatformCodeLists(String version, Map<CodeListKind, Map<String, PlatformCodeEntry>> lists) {
        this.version = version;
        this.lists = lists;
    }

    public static Builder builder(String version) {
        return new Builder(version);
    }

    /** No list at all (every list check is skipped with a warning). */
    public static PlatformCodeLists empty() {
        return builder("none").build();
    }

    /**
     * The lists the standard itself fixes (Tables 3, 4, A.1, A.2, A.3), for use before the first download or in
     * tests. Processes, units, equipment types, products, indicators and use codes stay absent.
     */
    public static PlatformCodeLists fromStandard() {
        return builder("DB36/T 2149.2-2025")
                .put(CodeListKind.DATA_SOURCE, entries(StandardTables.dataSources().all()))
                .put(CodeListKind.DATA_CLASS, entries(StandardTables.dataClasses().all()))
                .put(CodeListKind.ENERGY_TYPE, entries(StandardTables.energyTypes().all()))
                .put(CodeListKind.WORKING_MEDIUM, entries(StandardTables.workingMedia().all()))
                .put(CodeListKind.METER_TYPE, entries(StandardTables.meterTypes().all()))
                .build();
    }

    private static List<PlatformCodeEntry> entries(Collection<? extends StandardCode> codes) {
        return codes.stream().map(c -> new PlatformCodeEntry(c.code(), c.nameZh())).toList();
    }

    public String version() {
        return version;
    }

    public boolean has(CodeListKind kind) {
        return lists.containsKey(kind);
    }

    /** The entry of a code in a list; empty when the list is absent or lacks the code. */
    public Optional<PlatformCodeEntry> find(CodeListKind kind, String code) {
        return Optional.ofNullable(lists.getOrDefault(kind, Map.of()).get(code));
    }

    public Collection<PlatformCodeEntry> list(CodeListKind kind) {
        return lists.getOrDefault(kind, Map.of()).values();
    }

    /** Builds a {@link PlatformCodeLists}; a later {@code put} of the same kind replaces the earlier one. */
    public static final class Builder {
        private final String version;
        private final Map<CodeListKind, Map<String, PlatformCodeEntry>> lists = new EnumMap<>(CodeListKind.class);

        private Builder(String version) {
            this.version = Objects.requireNonNull(version, "version");
        }

        public Builder put(CodeListKind kind, Collection<PlatformCodeEntry> entries) {
            Map<String, PlatformCodeEntry> map = new LinkedHashMap<>();
            for (PlatformCodeEntry e : entries) {
                map.put(e.code(), e);
            }
            lists.put(kind, java.util.Collections.unmodifiableMap(map));
            return this;
        }

        public PlatformCodeLists build() {
            return new PlatformCodeLists(version, java.util.Collections.unmodifiableMap(new EnumMap<>(lists)));
        }
    }
}
