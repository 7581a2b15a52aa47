package dev.tidemark.provider;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    private record Event(String type, String data) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void onEvent(String type, String data) {
            events.add(new Event(type, data));
        }

        @Override
        public void onComment(String comment) {
            comments.add(comment);
        }
    });

    @Test
    void everySplitOfTheBytesGivesTheSameEventsEvenInsideMultiByteCharacters() {
        String stream = "event: delta\ndata: {\"text\":\"× é 😀 日本\"}\n\n: keep-alive\r\n\r\ndata: a\rdata: b\r\n\r\n"
                + "data: last 😀";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<Event> expected = List.of(new Event("delta", "{\"text\":\"× é 😀 日本\"}"), new Event(null, "a\nb"),
                new Event(null, "last 😀"));
        for (int split = 0; split <= bytes.length; split++) {
            for (int second = split; second <= bytes.length; second += 7) {
                events.clear();
                SseParser fresh = new SseParser((type, data) -> events.add(new Event(type, data)));
                fresh.feed(bytes, 0, split);
                fresh.feed(bytes, split, second - split);
                fresh.feed(bytes, second, bytes.length - second);
                fresh.finish();
                assertThat(events).as("split at %d and %d", split, second).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneByteAtATimeToo() {
        byte[] bytes = "data: ünï\r\n\r\ndata: two\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[] {b}, 0, 1);
        }
        parser.finish();
        assertThat(events).containsExactly(new Event(null, "ünï"), new Event(null, "two"));
    }

    @Test
    void crLfAndCrLfLineEndsAllWork() {
        feed("data: lf\n\ndata: cr\r\rdata: crlf\r\n\r\n");
        assertThat(events).extracting(Event::data).containsExactly("lf", "cr", "crlf");
    }

    @Test
    void commentsAreNotEventsButAreReported() {
        feed(": OPENROUTER PROCESSING\n\n:keep-alive\n\ndata: x\n\n");
        assertThat(events).containsExactly(new Event(null, "x"));
        assertThat(comments).containsExactly("OPENROUTER PROCESSING", "keep-alive");
    }

    @Test
    void multiLineDataIsJoinedWithNewlinesAndOneSpaceAfterTheColonIsDropped() {
        feed("data:  two spaces\ndata:none\ndata\n\n");
        assertThat(events).containsExactly(new Event(null, " two spaces\nnone\n"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndTheTypeDoesNotLeak() {
        feed("event: ping\n\ndata: after\n\n");
        assertThat(events).containsExactly(new Event(null, "after"));
    }

    @Test
    void unknownFieldsAreIgnoredButLlamaCppErrorFieldBecomesAnErrorEvent() {
        feed("id: 7\nretry: 100\nfoo: bar\ndata: ok\n\nerror: {\"code\":500,\"message\":\"boom\"}\n\ndata: [DONE]\n\n");
        assertThat(events).containsExactly(new Event(null, "ok"), new Event("error", "{\"code\":500,\"message\":\"boom\"}"),
                new Event(null, "[DONE]"));
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        parser.feed(bom, 0, 3);
        feed("data: x\n\n");
        assertThat(events).containsExactly(new Event(null, "x"));
    }

    @Test
    void theLastEventIsDeliveredWithoutItsBlankLineButAnEmptyTailIsNothing() {
        feed("data: one\n\ndata: two\n");
        parser.finish();
        assertThat(events).extracting(Event::data).containsExactly("one", "two");
        events.clear();
        SseParser other = new SseParser((t, d) -> events.add(new Event(t, d)));
        byte[] bytes = "data: one\n\n".getBytes(StandardCharsets.UTF_8);
        other.feed(bytes, 0, bytes.length);
        other.finish();
        assertThat(events).extracting(Event::data).containsExactly("one");
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }
}
