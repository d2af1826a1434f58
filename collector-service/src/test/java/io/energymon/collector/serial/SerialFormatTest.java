package io.energymon.collector.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.energymon.collector.serial.SerialFormat.Parity;
import io.energymon.domain.config.Protocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SerialFormatTest {

    @Test
    void parsesTheMasterDataNotationAndFallsBackToEachProtocolsDefault() {
        assertThat(SerialFormat.parse("19200-8o2", Protocol.MODBUS_RTU))
                .isEqualTo(new SerialFormat(19200, 8, Parity.ODD, 2));
        assertThat(SerialFormat.parse(" ", Protocol.MODBUS_RTU)).hasToString("9600-8N1");
        assertThat(SerialFormat.parse(null, Protocol.DLT645_SERIAL)).hasToString("2400-8E1");
        assertThat(SerialFormat.parse(null, Protocol.CJT188_SERIAL)).hasToString("2400-8E1");
    }

    @Test
    void aMalformedFormatSaysWhatIsExpectedInBothLanguages() {
        assertThatThrownBy(() -> SerialFormat.parse("9600,8,N,1", Protocol.MODBUS_RTU))
                .hasMessageContaining("串口参数").hasMessageContaining("must look like 9600-8N1");
        assertThatThrownBy(() -> SerialFormat.parse("9600-9N1", Protocol.MODBUS_RTU))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SerialFormat.parse("100-8N1", Protocol.MODBUS_RTU))
                .hasMessageContaining("baud rate 100");
    }

    @Test
    void characterTimesFollowTheLineSettings() {
        // 2400-8E1: 11 bits per character, 11/2400 s each
        SerialFormat meter = SerialFormat.parse("2400-8E1", Protocol.DLT645_SERIAL);
        assertThat(meter.bitsPerCharacter()).isEqualTo(11);
        assertThat(meter.transmissionTime(24)).isEqualTo(Duration.ofMillis(110));
        // 9600-8N1: 10 bits, 3.5 characters = 35/9600 s = 3.645833 ms
        assertThat(SerialFormat.parse("9600-8N1", Protocol.MODBUS_RTU).interFrameGap()).isEqualTo(Duration.ofNanos(3_645_833));
        assertThat(SerialFormat.parse("115200-8N1", Protocol.MODBUS_RTU).interFrameGap()).isEqualTo(Duration.ofNanos(1_750_000));
    }
}
