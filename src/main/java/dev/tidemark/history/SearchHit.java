package dev.tidemark.history;

import dev.tidemark.model.Role;

/**
 * One place a search found: a session's title or one of its messages.
 *
 * @param sessionId    the session
 * @param sessionTitle its title
 * @param messageIndex the message's position in the session, or {@link #TITLE} when the title matched
 * @param messageId    the message's id ({@code null} for a title)
 * @param role         who wrote the message ({@code null} for a title)
 * @param snippet      the matched words in their context
 */
public record SearchHit(String sessionId, String sessionTitle, int messageIndex, String messageId, Role role,
                        Snippet snippet) {

    public static final int TITLE = -1;

    public boolean isTitle() {
        return messageIndex == TITLE;
    }
}
