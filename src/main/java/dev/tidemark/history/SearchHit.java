package dev.tidemark.history;

import dev.tidemark.model.Role;
import dev.tidemark.model.Session;

/**
 * One place a search found: a session's title or one of its messages, in any version of the
 * conversation. To show a message that is not on the active path, make the path run through it
 * ({@code Session.withActive(messageId)}, journaled by {@code ChatService.choose}): it is then at
 * {@code messages().get(messageIndex)}.
 *
 * @param sessionId    the session
 * @param sessionTitle its title
 * @param messageIndex the message's place in the conversation, counted from the first message down
 *                     the path that shows it (on the active path: its index there), or {@link #TITLE}
 *                     when the title matched
 * @param messageId    the message's id ({@code null} for a title)
 * @param role         who wrote the message ({@code null} for a title)
 * @param snippet      the matched words in their context
 * @param version      which version the message is among its siblings, from 1 in the order they were
 *                     created (0 for a title)
 * @param versions     how many versions there are, itself included (0 for a title)
 */
public record SearchHit(String sessionId, String sessionTitle, int messageIndex, String messageId, Role role,
                        Snippet snippet, int version, int versions) {

    public static final int TITLE = -1;

    public boolean isTitle() {
        return messageIndex == TITLE;
    }

    /**
     * Whether the active path of {@code session} (this hit's session) shows the hit's message, at
     * {@link #messageIndex}. When it does not, opening the hit first makes the path run through
     * the message ({@code Session.withActive(messageId)}, journaled by {@code ChatService.choose}).
     * Always true for a title.
     */
    public boolean isOnActivePath(Session session) {
        if (isTitle()) {
            return true;
        }
        return messageIndex < session.messages().size()
                && session.messages().get(messageIndex).id().equals(messageId);
    }

    /** A hit in the title. */
    static SearchHit title(String sessionId, String sessionTitle, Snippet snippet) {
        return new SearchHit(sessionId, sessionTitle, TITLE, null, null, snippet, 0, 0);
    }
}
