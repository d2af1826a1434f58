package io.energymon.aggregator.energy;

import io.energymon.aggregator.config.CatalogItem;
import io.energymon.aggregator.config.EnterpriseCatalog;
import io.energymon.codes.factor.ConversionMethod;
import io.energymon.codes.factor.SubjectKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The accounting reading of one enterprise catalog, computed once per catalog (a new configuration revision is a new
 * catalog): each item's {@link AccountedItem}, and the factor items by subject and method.
 */
public final class AccountingView {
    private static final Map<EnterpriseCatalog, AccountingView> VIEWS = Collections.synchronizedMap(new WeakHashMap<>());

    private record FactorKey(SubjectKind kind, String subjectCode, ConversionMethod method) {
    }

    private final Map<String, AccountedItem> items;
    private final Map<FactorKey, List<AccountedItem.Factor>> factors;

    private AccountingView(EnterpriseCatalog catalog, EnergyProperties props) {
        Map<String, AccountedItem> items = new HashMap<>();
        Map<FactorKey, List<AccountedItem.Factor>> factors = new HashMap<>();
        for (CatalogItem c : catalog.items()) {
            AccountedItem.of(c, props).ifPresent(a -> {
                items.put(c.dataCode(), a);
                if (a instanceof AccountedItem.Factor f) {
                    factors.computeIfAbsent(new FactorKey(f.kind(), f.subjectCode(), f.method()),
                            k -> new ArrayList<>()).add(f);
                }
            });
        }
        this.items = Map.copyOf(items);
        factors.replaceAll((k, v) -> List.copyOf(v));
        this.factors = Map.copyOf(factors);
    }

    /** The view of a catalog (the properties are the application's, the same for every call). */
    public static AccountingView of(EnterpriseCatalog catalog, EnergyProperties props) {
        return VIEWS.computeIfAbsent(catalog, c -> new AccountingView(c, props));
    }

    public Optional<AccountedItem> item(String dataCode) {
        return Optional.ofNullable(items.get(dataCode));
    }

    public Map<String, AccountedItem> items() {
        return items;
    }

    /** The factor items measuring a subject's factor of a method. */
    public List<AccountedItem.Factor> factors(SubjectKind kind, String subjectCode, ConversionMethod method) {
        return factors.getOrDefault(new FactorKey(kind, subjectCode, method), List.of());
    }
}
