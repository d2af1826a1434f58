/**
 * Validation results shared by every validator of the module: a {@link io.energymon.codes.validation.Violation}
 * names the field, the rule and the expected form, in Chinese and English.
 */
package io.energymon.codes.validation;
