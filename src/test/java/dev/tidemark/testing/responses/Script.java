package dev.tidemark.testing.responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the next responses created on a {@link ResponsesTestServer} say: reasoning-summary pieces,
 * text pieces and at most one function call, one piece per {@link #interval()}, and how the reply
 * ends (completed, incomplete with a reason, failed with a message). Made by
 * {@link ResponsesTestServer#script}; change it with the methods here before the request is sent.
 */
public final class Script {

    /** How the reply ends. */
    public enum End { COMPLETED, INCOMPLETE, FAILED }

    private final List<String> pieces;
    private final Duration interval;
    private volatile List<String> reasoning = List.of();
    private volatile String callName;
    private volatile List<String> callArguments = List.of();
    private volatile End end = End.COMPLETED;
    private volatile String endDetail;

    Script(List<String> pieces, Duration interval) {
        this.pieces = List.copyOf(pieces);
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Reasoning-summary pieces, streamed before the text. */
    public Script reasoning(List<String> summaryPieces) {
        this.reasoning = List.copyOf(summaryPieces);
        return this;
    }

    /** A function call after the text, its arguments streamed in these pieces. */
    public Script functionCall(String name, List<String> argumentPieces) {
        this.callName = Objects.requireNonNull(name, "name");
        this.callArguments = List.copyOf(argumentPieces);
        return this;
    }

    /** Ends with {@code response.completed} (the default). */
    public Script completed() {
        end = End.COMPLETED;
        endDetail = null;
        return this;
    }

    /** Ends with {@code response.incomplete}, {@code incomplete_details.reason} = {@code reason}. */
    public Script incomplete(String reason) {
        end = End.INCOMPLETE;
        endDetail = reason;
        return this;
    }

    /** Ends with {@code response.failed}, {@code error.message} = {@code message}. */
    public Script failed(String message) {
        end = End.FAILED;
        endDetail = message;
        return this;
    }

    public List<String> pieces() {
        return pieces;
    }

    public Duration interval() {
        return interval;
    }

    List<String> reasoningPieces() {
        return reasoning;
    }

    String callName() {
        return callName;
    }

    List<String> callArguments() {
        return callArguments;
    }

    End end() {
        return end;
    }

    String endDetail() {
        return endDetail;
    }

    /** The whole text the reply says, as it will be when complete. */
    public String text() {
        return String.join("", pieces);
    }

    static Script empty() {
        return new Script(new ArrayList<>(List.of("Hello.")), Duration.ZERO);
    }
}
