/** Administrative division codes of GB/T 2260: lookup by code and by name, province / city / county of a code. */
package io.energymon.codes.division;
