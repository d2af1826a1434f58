package io.energymon.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything this JVM writes to {@code System.out} and {@code System.err} (the dev stack's own output: its
 * logger writes to the console, and logback's console appender looks {@code System.out} up at every write) while
 * still passing it through, so a test can scan it. {@link #close()} puts the original streams back.
 */
final class ConsoleCapture implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private ConsoleCapture() {
        System.setOut(new PrintStream(new Tee(out), true, out.charset()));
        System.setErr(new PrintStream(new Tee(err), true, err.charset()));
    }

    static ConsoleCapture start() {
        return new ConsoleCapture();
    }

    /** What was written so far, bytes read as ISO-8859-1 (ASCII secrets are found whatever the encoding). */
    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }

    private final class Tee extends OutputStream {
        private final OutputStream original;

        Tee(OutputStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            synchronized (captured) {
                captured.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            original.write(b, off, len);
            synchronized (captured) {
                captured.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
