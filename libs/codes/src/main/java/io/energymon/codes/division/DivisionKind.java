package io.energymon.codes.division;

/** What an entry of the division table is. */
public enum DivisionKind {
    /** An administrative division of GB/T 2260. */
    DIVISION,
    /** A grouping code (市辖区, 县, 省直辖县级行政区划) that lists divisions but is no division itself. */
    GROUPING,
    /** A statistical functional zone (county digits 71-80, e.g. 经济技术开发区): an NBS code, not a GB/T 2260 one. */
    STATISTICAL_ZONE
}
