package io.energymon.formula;

/** Where a node is in the formula text: 0-based offset and length. */
record Span(int start, int length) {
}
