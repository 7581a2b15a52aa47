package dev.tidemark.archfixtures.chat;

/** With {@code session.StoreCallingChat}, breaks "the top-level packages have no cycles". */
public final class ChatCallingTheStore {
    private dev.tidemark.archfixtures.session.StoreCallingChat store;
}
