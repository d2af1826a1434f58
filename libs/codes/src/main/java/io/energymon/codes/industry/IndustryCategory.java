package io.energymon.codes.industry;

/**
 * One entry of GB/T 4754-2017.
 *
 * @param code       section letter, or 2/3/4 digits
 * @param parentCode the enclosing code (a division's parent is its section letter), empty for a section
 * @param level      section, division, group or class
 * @param name       Chinese name as published
 */
public record IndustryCategory(String code, String parentCode, IndustryLevel level, String name) {
}
