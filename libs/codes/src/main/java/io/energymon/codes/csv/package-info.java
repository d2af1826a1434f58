/**
 * Support for the module's own tables: reading the simple comma-separated resources they ship with. Used by
 * {@code division}, {@code industry}, {@code factor} and {@code standard}; not meant for other code.
 */
package io.energymon.codes.csv;
