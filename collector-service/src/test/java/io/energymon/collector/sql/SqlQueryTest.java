package io.energymon.collector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The translation of named parameters to JDBC placeholders and the refusal of anything but one SELECT. */
class SqlQueryTest {
    private static final Set<String> ALL = Set.of("slot_start", "slot_end", "watermark");
    private static final Set<String> PER_SLOT = Set.of("slot_start", "slot_end");

    @Test
    void namedParametersBecomePlaceholdersInOrderAndMayRepeat() {
        SqlQuery q = SqlQuery.parse("select sum(t) from mes.p where ts >= :slot_start and ts < :slot_end"
                + " and :slot_start < now() and x > :WATERMARK", ALL);

        assertThat(q.sql()).isEqualTo("select sum(t) from mes.p where ts >= ? and ts < ? and ? < now() and x > ?");
        assertThat(q.parameters()).containsExactly("slot_start", "slot_end", "slot_start", "watermark");
        assertThat(q.uses("watermark")).isTrue();
    }

    @Test
    void castsLiteralsIdentifiersCommentsAndDollarQuotesAreLeftAsTheyAre() {
        String text = """
                -- totals of :slot_start; not a parameter
                select ':slot_end; x'::text, "a:b;c", $$:watermark;$$, $t$ ;:x $t$, E'it\\'s :slot_end;',
                       'o''k :slot_start', ts::timestamptz, f(a := 1) /* outer /* :nested; */ ; */
                from mes.p where ts < :slot_end;
                """;

        SqlQuery q = SqlQuery.parse(text, ALL);

        assertThat(q.parameters()).containsExactly("slot_end");
        assertThat(q.sql()).isEqualTo(text.strip().replace("ts < :slot_end;", "ts < ?"));
    }

    @Test
    void withQueriesAndLeadingCommentsAreAccepted() {
        assertThat(SqlQuery.parse("/* daily */ WITH d AS (select 1 AS v) SELECT v FROM d", ALL).parameters())
                .isEmpty();
        assertThat(SqlQuery.parse("(select 1)", ALL).sql()).isEqualTo("(select 1)");
    }

    @Test
    void anythingButASelectIsRefusedWithABilingualReason() {
        for (String q : List.of("delete from mes.p", "update mes.p set t = 0", "insert into mes.p values (1)",
                "drop table mes.p", "call mes.reset()", "  ", "-- only a comment")) {
            assertThatThrownBy(() -> SqlQuery.parse(q, ALL)).as(q)
                    .isInstanceOf(SqlQuery.InvalidQueryException.class)
                    .hasMessageContaining("SELECT").hasMessageMatching("(?s).*[\\u4e00-\\u9fa5].*");
        }
    }

    @Test
    void aSecondStatementIsRefusedButATrailingSemicolonIsNot() {
        assertThatThrownBy(() -> SqlQuery.parse("select 1; delete from mes.p", ALL))
                .hasMessageContaining("only one statement").hasMessageContaining("只能有一条语句");
        assertThatThrownBy(() -> SqlQuery.parse("select 1;;/* c */ select 2", ALL))
                .hasMessageContaining("only one statement");
        assertThat(SqlQuery.parse("select 1; -- done\n", ALL).sql()).isEqualTo("select 1");
    }

    @Test
    void unknownParametersBareQuestionMarksAndUnterminatedTextAreRefused() {
        assertThatThrownBy(() -> SqlQuery.parse("select v from t where ts > :watermark", PER_SLOT))
                .hasMessageContaining("unknown parameter :watermark")
                .hasMessageContaining(":slot_end, :slot_start");
        assertThatThrownBy(() -> SqlQuery.parse("select v from t where k = ?", ALL))
                .hasMessageContaining("bare ?");
        assertThatThrownBy(() -> SqlQuery.parse("select 'abc from t", ALL)).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> SqlQuery.parse("select \"abc from t", ALL))
                .hasMessageContaining("unterminated quoted");
        assertThatThrownBy(() -> SqlQuery.parse("select 1 /* x", ALL)).hasMessageContaining("unterminated comment");
        assertThatThrownBy(() -> SqlQuery.parse("select $q$ x", ALL)).hasMessageContaining("unterminated $q$");
    }

    @Test
    void aValueCannotEndUpInTheText() {
        // the text given to the driver never depends on the values: only placeholders where parameters were
        SqlQuery q = SqlQuery.parse("select v from t where a = :slot_start or b = ':slot_start'", ALL);
        assertThat(q.sql()).isEqualTo("select v from t where a = ? or b = ':slot_start'");
        assertThat(q.parameters()).containsExactly("slot_start");
    }
}
