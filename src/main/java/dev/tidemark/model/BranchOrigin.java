package dev.tidemark.model;

import java.util.Objects;

/**
 * Where a chat made by "Branch from here" came from: the original chat and the message it was
 * branched at (the last message the branch copied).
 */
public record BranchOrigin(String sessionId, String messageId) {

    public BranchOrigin {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(messageId, "messageId");
    }
}
