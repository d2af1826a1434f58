/**
 * Conversion factors to kgce (GB/T 2589-2020) as versioned data with units of measure (indriya), overridable per
 * enterprise with measured values.
 */
package io.energymon.codes.factor;
