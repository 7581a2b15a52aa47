package dev.tidemark.testing;

import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chunked SSE response body that writes one event at a time with a pause between them, flushing
 * each to the socket, and records what was sent. Stands in for a model service that streams
 * slowly; everything between it and Tidemark is real HTTP on loopback.
 */
public final class SlowSseBody implements MockResponseBody {

    private final List<String> events;
    private final List<String> texts;
    private final Duration gap;
    private final boolean dropAtEnd;
    private final List<String> sent = new CopyOnWriteArrayList<>(); // the texts of the events that left
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private volatile java.util.concurrent.CountDownLatch hold;
    private volatile int holdBefore = -1;

    /**
     * Makes the body wait, before it writes event {@code index}, until {@link #release} (for a test
     * that must look at a stream while it is surely still open, however slow the machine).
     */
    public SlowSseBody holdBefore(int index) {
        hold = new java.util.concurrent.CountDownLatch(1);
        holdBefore = index;
        return this;
    }

    /** Lets a held body go on. */
    public void release() {
        if (hold != null) {
            hold.countDown();
        }
    }

    /**
     * @param events    raw SSE events, each ending in a blank line
     * @param texts     the reply text each event carries ("" for none), for {@link #sentText}
     * @param dropAtEnd true to cut the connection instead of ending the body cleanly
     */
    public SlowSseBody(List<String> events, List<String> texts, Duration gap, boolean dropAtEnd) {
        this.events = List.copyOf(events);
        this.texts = List.copyOf(texts);
        this.gap = gap;
        this.dropAtEnd = dropAtEnd;
    }

    /** OpenAI Chat Completions chunks carrying {@code words}, then a finish chunk and {@code [DONE]}. */
    public static SlowSseBody openAi(List<String> words, Duration gap) {
        List<String> events = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        for (String w : words) {
            events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                    + w + "\"},\"finish_reason\":null}]}\n\n");
            texts.add(w);
        }
        events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\n");
        texts.add("");
        events.add("data: [DONE]\n\n");
        texts.add("");
        return new SlowSseBody(events, texts, gap, false);
    }

    public MockResponse response() {
        MockResponse.Builder builder = new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/event-stream")
                .body(this);
        if (dropAtEnd) {
            // promise more bytes than are sent, then close the socket: the client sees the
            // connection drop mid-body, as when a server or a network dies
            builder.onResponseEnd(new SocketEffect.CloseSocket());
        }
        return builder.build();
    }

    @Override
    public long getContentLength() {
        if (!dropAtEnd) {
            return -1; // chunked
        }
        long total = 0;
        for (String e : events) {
            total += e.getBytes(StandardCharsets.UTF_8).length;
        }
        return total + 1024;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try {
            write(sink);
        } finally {
            ended.countDown();
        }
    }

    /**
     * Counted down when the server has stopped writing this body: every event was sent, or the
     * client hung up (a write failed) — after it, nothing more of this body can reach the client.
     */
    public java.util.concurrent.CountDownLatch ended() {
        return ended;
    }

    private void write(BufferedSink sink) throws IOException {
        for (int i = 0; i < events.size(); i++) {
            if (i == holdBefore) {
                try {
                    if (!hold.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IOException("held body never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            sink.write(events.get(i).getBytes(StandardCharsets.UTF_8));
            sink.flush();
            sent.add(texts.get(i));
            try {
                Thread.sleep(gap.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The reply text of every event sent so far, concatenated. */
    public String sentText() {
        StringBuilder b = new StringBuilder();
        sent.forEach(b::append);
        return b.toString();
    }

    public int sentCount() {
        return sent.size();
    }
}
