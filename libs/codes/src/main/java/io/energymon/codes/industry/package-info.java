/** National industry classification GB/T 4754-2017: sections, divisions, groups and classes with names. */
package io.energymon.codes.industry;
