package io.energymon.infra.platformsim;

/** How a simulated platform wants data item codes written (PROTOCOL.md §3). */
public enum CodeForm {
    /** Digits only, e.g. {@code 0000000002330011}. */
    BARE,
    /** With hyphens, e.g. {@code 00-00-0000-023300-11}. */
    HYPHENATED
}
