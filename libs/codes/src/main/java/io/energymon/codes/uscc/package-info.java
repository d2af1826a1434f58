/** Unified social credit codes (GB 32100) and the embedded organization code (GB 11714). */
package io.energymon.codes.uscc;
