package dev.tidemark.model;

/**
 * How a reply went, for its footer. Any field may be null when the service did not say or the
 * reply did not get that far.
 *
 * @param inputTokens      tokens of context the service counted
 * @param outputTokens     tokens of the reply
 * @param firstPieceMillis from sending to the first piece of the reply
 * @param totalMillis      from sending to the end
 */
public record ReplyStats(Long inputTokens, Long outputTokens, Long firstPieceMillis, Long totalMillis) {

    public static final ReplyStats NONE = new ReplyStats(null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }
}
