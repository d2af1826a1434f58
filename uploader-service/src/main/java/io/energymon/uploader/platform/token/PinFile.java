package io.energymon.uploader.platform.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The enterprise's token-dialect password (PIN), read from the first line of a file of the mounted credentials
 * secret each time a token is requested, so a changed PIN is used without a restart. The PIN is never logged.
 */
public record PinFile(Path file) implements Supplier<char[]> {

    @Override
    public char[] get() {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new IllegalStateException("令牌方言密码文件为空：" + file + " / the token dialect PIN file is empty: "
                        + file);
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("无法读取令牌方言密码文件：" + file + " / cannot read the token dialect PIN file: "
                    + file, e);
        }
    }
}
