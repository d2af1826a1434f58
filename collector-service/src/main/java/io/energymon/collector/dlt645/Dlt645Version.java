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
 * @param followUp control code of a request for the next frame (读后续数据)
 *
 * <p>The replies to a follow-up request have the follow-up's function code with the reply bits: 92 / B2 (more to
 * follow) / D2 (error) in 2007, 82 / A2 / C2 in 1997 ({@link #followUpReply()} ...).
 */
public enum Dlt645Version {
    V2007(4, 0x11, 0x91, 0xB1, 0xD1, 0x12),
    V1997(2, 0x01, 0x81, 0xA1, 0xC1, 0x02);

    /** Control code bits of a reply: direction (slave to master) 0x80, more frames 0x20, error 0x40. */
    private static final int REPLY = 0x80;
    private static final int MORE = 0x20;
    private static final int ERROR = 0x40;

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

    /** Control code of the last frame replying to a follow-up request: 92 (2007), 82 (1997). */
    public int followUpReply() {
        return followUp | REPLY;
    }

    /** Control code of a reply to a follow-up request with still more frames: B2 (2007), A2 (1997). */
    public int followUpReplyMore() {
        return followUp | REPLY | MORE;
    }

    /** Control code of an error reply to a follow-up request: D2 (2007), C2 (1997). */
    public int followUpError() {
        return followUp | REPLY | ERROR;
    }

    /**
     * Whether follow-up requests and their replies carry the frame number SEQ after the DI (2007: the n-th follow-up
     * request asks for frame n, from 1, and the reply ends with the same n).
     */
    public boolean hasFrameNumber() {
        return this == V2007;
    }

    /** The edition's name as printed on meters. */
    public String title() {
        return this == V2007 ? "DL/T 645-2007" : "DL/T 645-1997";
    }
}
