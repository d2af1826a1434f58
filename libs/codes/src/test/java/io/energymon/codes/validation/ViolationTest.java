package io.energymon.codes.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViolationTest {

    @Test
    void resultKeepsErrorsAndWarningsApart() {
        Violation e = Violation.error("f", "r.e", "X", "错", "wrong");
        Violation w = Violation.warning("g", "r.w", "Y", "注意", "careful");
        ValidationResult r = ValidationResult.of(w).and(ValidationResult.of(e));
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors()).containsExactly(e);
        assertThat(r.warnings()).containsExactly(w);
        assertThat(ValidationResult.of(w).isValid()).isTrue();
        assertThat(e.forField("other").field()).isEqualTo("other");
        assertThat(r.summary()).contains("ERROR [f] r.e: 错 / wrong").contains("WARNING [g] r.w: 注意 / careful");
        assertThatThrownBy(r::throwIfInvalid).isInstanceOf(CodeFormatException.class).hasMessage("错 / wrong");
    }
}
