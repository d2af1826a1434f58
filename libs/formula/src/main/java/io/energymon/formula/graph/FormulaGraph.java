package io.energymon.formula.graph;

import io.energymon.formula.Formula;
import io.energymon.formula.FormulaError;
import io.energymon.formula.FormulaException;
import io.energymon.formula.Reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The dependencies between the formula items of one enterprise: which item's formula uses which other item.
 * Items referenced without a formula of their own (measured or entered items) are inputs, not nodes.
 */
public final class FormulaGraph {

    private final SortedMap<String, Formula> formulas = new TreeMap<>();
    /** Item code → the item codes its formula references (formula items and inputs), in order of appearance. */
    private final Map<String, Set<String>> uses = new HashMap<>();

    private FormulaGraph(Map<String, Formula> byCode) {
        byCode.forEach((code, formula) -> {
            String bare = Formula.bareCode(code);
            if (formulas.put(bare, formula) != null) {
                throw new IllegalArgumentException("two formulas for data item " + bare);
            }
        });
        formulas.forEach((code, formula) -> uses.put(code, formula.itemRefs()));
    }

    /**
     * The graph of the formulas of one enterprise, keyed by data item code (hyphens allowed, see
     * {@link Formula#bareCode}); throws IllegalArgumentException when two keys are the same code.
     */
    public static FormulaGraph of(Map<String, Formula> formulasByItemCode) {
        return new FormulaGraph(formulasByItemCode);
    }

    /**
     * One error per distinct cycle, e.g. {@code {A} → {B} → {A}}: for each item the shortest cycle through it, written
     * from its smallest code; the position is that of the second item's reference in the first item's formula.
     */
    public List<FormulaError> cycles() {
        Set<List<String>> found = new LinkedHashSet<>();
        for (String code : formulas.keySet()) {
            List<String> cycle = shortestCycle(code);
            if (!cycle.isEmpty()) {
                List<String> ring = cycle.subList(0, cycle.size() - 1);
                int smallest = ring.indexOf(Collections.min(ring));
                List<String> canonical = new ArrayList<>(ring.subList(smallest, ring.size()));
                canonical.addAll(ring.subList(0, smallest));
                canonical.add(canonical.getFirst());
                found.add(canonical);
            }
        }
        return found.stream().map(this::error).toList();
    }

    /** The shortest cycle through one item (e.g. the item being saved), from its point of view; empty if none. */
    public List<FormulaError> cyclesThrough(String itemCode) {
        List<String> cycle = shortestCycle(Formula.bareCode(itemCode));
        return cycle.isEmpty() ? List.of() : List.of(error(cycle));
    }

    /**
     * The formula items, each after the items its formula uses (ties by code); throws {@link FormulaException} with
     * the {@link #cycles()} when there is no such order.
     */
    public List<String> evaluationOrder() {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> usedBy = new HashMap<>();
        uses.forEach((code, deps) -> {
            List<String> formulaDeps = deps.stream().filter(formulas::containsKey).toList();
            pending.put(code, formulaDeps.size());
            formulaDeps.forEach(d -> usedBy.computeIfAbsent(d, k -> new ArrayList<>()).add(code));
        });
        PriorityQueue<String> ready = new PriorityQueue<>();
        pending.forEach((code, n) -> {
            if (n == 0) {
                ready.add(code);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String code = ready.poll();
            order.add(code);
            for (String user : usedBy.getOrDefault(code, List.of())) {
                if (pending.merge(user, -1, Integer::sum) == 0) {
                    ready.add(user);
                }
            }
        }
        if (order.size() < formulas.size()) {
            throw new FormulaException(cycles());
        }
        return order;
    }

    /** The formula items to recompute when the value of {@code itemCode} changes, in evaluation order. */
    public List<String> dependentsOf(String itemCode) {
        String bare = Formula.bareCode(itemCode);
        Set<String> affected = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(bare));
        while (!todo.isEmpty()) {
            String changed = todo.poll();
            uses.forEach((code, deps) -> {
                if (deps.contains(changed) && affected.add(code)) {
                    todo.add(code);
                }
            });
        }
        return evaluationOrder().stream().filter(affected::contains).toList();
    }

    /** Breadth-first search back to the start: [start, ..., start], or empty when start is on no cycle. */
    private List<String> shortestCycle(String start) {
        Map<String, String> cameFrom = new HashMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String code = todo.poll();
            for (String next : uses.getOrDefault(code, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String c = code; !c.equals(start); c = cameFrom.get(c)) {
                        path.add(1, c);
                    }
                    path.add(start);
                    return path;
                }
                if (cameFrom.putIfAbsent(next, code) == null) {
                    todo.add(next);
                }
            }
        }
        return List.of();
    }

    private FormulaError error(List<String> cycle) {
        String path = cycle.stream().map(c -> "{" + c + "}").collect(Collectors.joining(" → "));
        Reference ref = formulas.get(cycle.getFirst()).references().stream()
                .filter(r -> r.kind() == Reference.Kind.ITEM && r.key().equals(cycle.get(1)))
                .findFirst().orElseThrow();
        return new FormulaError(FormulaError.CYCLE, ref.position(), ref.length(),
                "数据项 {" + cycle.getFirst() + "} 的公式存在循环引用：" + path,
                "circular reference in the formula of data item {" + cycle.getFirst() + "}: " + path);
    }
}
