package dev.tidemark.model;

import java.util.Locale;

/** Where a message stands. Only assistant messages are ever anything but {@link #COMPLETE}. */
public enum MessageStatus {
    /** The reply arrived in full. */
    COMPLETE,
    /** The reply is arriving now (only ever in memory, never in the session store). */
    STREAMING,
    /** The app died while the reply streamed; the text is what the journal held. */
    RECOVERED,
    /** The user stopped the reply; the text is what had arrived. */
    STOPPED,
    /** The provider or the connection failed; the text is what had arrived. */
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** True once no more text will arrive for the message. */
    public boolean isFinal() {
        return this != STREAMING;
    }
}
