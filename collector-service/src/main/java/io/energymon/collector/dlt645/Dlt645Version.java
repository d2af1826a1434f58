package io.energymon.collector.dlt645;

/**
 * The two editions of DL/T 645 in the field: same frame, different control codes and data identifier lengths. A
 * point's edition follows from its DI: 8 hex digits are DL/T 645-2007, 4 are DL/T 645-1997.
 *
 * @param diBytes  length of a data identifier
 * @param read     control code of a read request
 * @param reply    control code of a normal reply
 * @param replyMore control code of a normal reply with more frames to follow
 * @param error    control code of an error (exception) reply
 * @param followUp control code of a request for the next frame
 */
public enum Dlt645Version {
    V2007(4, 0x11, 0x91, 0xB1, 0xD1, 0x12),
    V1997(2, 0x01, 0x81, 0xA1, 0xC1, 0x02);

    private final int diBytes;
    private final int read;
    private final int reply;
    private final int replyMore;
    private final int error;
    private final int followUp;

    Dlt645Version(int diBytes, int read, int reply, int replyMore, int error, int followUp) {
        this.diBytes = diBytes;
        this.read = read;
        this.reply = reply;
        this.replyMore = replyMore;
        this.error = error;
        this.followUp = followUp;
    }

    public int diBytes() {
        return diBytes;
    }

    public int read() {
        return read;
    }

    public int reply() {
        return reply;
    }

    public int replyMore() {
        return replyMore;
    }

    public int error() {
        return error;
    }

    public int followUp() {
        return followUp;
    }

    /** The edition's name as printed on meters. */
    public String title() {
        return this == V2007 ? "DL/T 645-2007" : "DL/T 645-1997";
    }
}
