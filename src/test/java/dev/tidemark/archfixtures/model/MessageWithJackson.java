package dev.tidemark.archfixtures.model;

/** Breaks "the model depends on the JDK only". */
public final class MessageWithJackson {
    private com.fasterxml.jackson.databind.JsonNode json;
}
