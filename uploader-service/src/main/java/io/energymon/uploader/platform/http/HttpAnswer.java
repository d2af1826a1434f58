package io.energymon.uploader.platform.http;

import java.time.Duration;

/**
 * A complete HTTP answer.
 *
 * @param status  HTTP status
 * @param body    body decoded as UTF-8 (empty when there was none)
 * @param latency from sending the request (its last attempt) to the complete answer
 * @param retried whether the request was sent a second time after a stale connection
 */
public record HttpAnswer(int status, String body, Duration latency, boolean retried) {
}
