package dev.tidemark.archfixtures.session;

/** With {@code chat.ChatCallingTheStore}, breaks "the top-level packages have no cycles". */
public final class StoreCallingChat {
    private dev.tidemark.archfixtures.chat.ChatCallingTheStore chat;
}
