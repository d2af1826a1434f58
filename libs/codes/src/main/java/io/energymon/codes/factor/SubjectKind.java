package io.energymon.codes.factor;

/** What a factor converts: an energy type (Table A.1) or a working medium (Table A.2). */
public enum SubjectKind {
    ENERGY,
    MEDIUM
}
