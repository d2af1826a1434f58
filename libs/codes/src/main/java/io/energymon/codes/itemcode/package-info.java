/**
 * Data item codes (采集数据项编码) as typed segments under a layout profile ({@code NHJC16}, {@code DB36_17}),
 * scope rules, and validation against the code lists a platform hands out at run time.
 */
package io.energymon.codes.itemcode;
