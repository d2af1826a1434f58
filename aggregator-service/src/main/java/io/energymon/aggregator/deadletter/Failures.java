package io.energymon.aggregator.deadletter;

import java.sql.SQLException;
import java.time.DateTimeException;

/**
 * Tells a record that can never be stored from an outage. Only the database refusing the data itself (SQLSTATE class
 * 22 data exception, 23 integrity violation) or the data failing our own checks is the record's fault; everything
 * else (connection lost, database shutting down, serialization failure, a broker not answering) is an outage, retried
 * with back-off and never skipped.
 */
public final class Failures {
    private Failures() {
    }

    public static boolean recordAtFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("22") || state.startsWith("23");
            }
            if (t instanceof IllegalArgumentException || t instanceof ArithmeticException
                    || t instanceof DateTimeException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, for the dead-letter header. */
    public static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
