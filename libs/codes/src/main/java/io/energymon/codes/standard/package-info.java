/**
 * The code lists and code formats of DB36/T 2149.2-2025 §7 and Appendix A: data sources (Table 3), data classes
 * (Table 4), energy types (A.1), working media (A.2), meter types (A.3), process / process unit / equipment / meter
 * codes.
 */
package io.energymon.codes.standard;
