package dev.tidemark.provider;

import okhttp3.Response;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How long a server asks a client to wait before it tries again. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait a server asks for in {@code Retry-After-Ms} or {@code Retry-After} (seconds or a date). */
    static Duration of(Response response) {
        String ms = response.header("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms.strip()));
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        String after = response.header("retry-after");
        if (after == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(after.strip()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(after.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
