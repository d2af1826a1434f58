package io.energymon.collector.meterbus;

/** Finds where a complete frame ends in the bytes received so far from a bus. */
@FunctionalInterface
public interface FrameScanner {
    /**
     * @param buf bytes received, from index 0
     * @param len how many of them
     * @return the index just after the first complete frame candidate, or -1 while more bytes are needed
     */
    int frameEnd(byte[] buf, int len);
}
