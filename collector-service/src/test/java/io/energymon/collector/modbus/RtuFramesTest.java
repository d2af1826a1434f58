package io.energymon.collector.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RTU frames against CRCs computed outside this code (the textbook 01 03 00 00 00 01 84 0A, and Python). */
class RtuFramesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void buildsReadRequestsWithTheirCrc() {
        assertThat(HEX.formatHex(RtuFrames.readRequest(1, RegisterTable.HOLDING, 0, 1))).isEqualTo("010300000001840a");
        assertThat(HEX.formatHex(RtuFrames.readRequest(1, RegisterTable.HOLDING, 0, 10))).isEqualTo("01030000000ac5cd");
        assertThat(HEX.formatHex(RtuFrames.readRequest(7, RegisterTable.HOLDING, 100, 1))).isEqualTo("070300640001c5b3");
    }

    @Test
    void readsRepliesAndRejectsWhatIsNotTheAnswer() throws Exception {
        assertThat(RtuFrames.readReply(HEX.parseHex("0703020102b015"), 7, RegisterTable.HOLDING, 1))
                .containsExactly(0x0102);
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("07830220f0"), 7, RegisterTable.HOLDING, 1))
                .isInstanceOfSatisfying(RegisterReader.ExceptionReply.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("exception 02 illegal data address");
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("0703020102b016"), 7, RegisterTable.HOLDING, 1))
                .hasMessageContaining("CRC error");
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("0703020102b015"), 8, RegisterTable.HOLDING, 1))
                .hasMessageContaining("reply from unit 7, asked unit 8");
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("0703020102b015"), 7, RegisterTable.INPUT, 1))
                .hasMessageContaining("function 03 to function 04");
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("0703020102b015"), 7, RegisterTable.HOLDING, 2))
                .hasMessageContaining("reply holds 2 byte(s), asked for 2 register(s)");
        assertThatThrownBy(() -> RtuFrames.readReply(HEX.parseHex("0703"), 7, RegisterTable.HOLDING, 1))
                .hasMessageContaining("too short");
    }

    @Test
    void findsTheEndOfAFrame() {
        byte[] reply = HEX.parseHex("0703020102b015ff");
        assertThat(RtuFrames.frameEnd(reply, 2)).isEqualTo(-1);
        assertThat(RtuFrames.frameEnd(reply, 6)).isEqualTo(-1);
        assertThat(RtuFrames.frameEnd(reply, 8)).isEqualTo(7);
        assertThat(RtuFrames.frameEnd(HEX.parseHex("07830220f0"), 5)).isEqualTo(5);
        assertThat(RtuFrames.frameEnd(HEX.parseHex("07830220"), 4)).isEqualTo(-1);
    }
}
