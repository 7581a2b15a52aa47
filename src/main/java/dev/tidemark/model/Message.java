package dev.tidemark.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param id        stable id; for an assistant reply it is the id of the stream that produced it
 * @param role      who wrote it
 * @param text      the answer text (for a reply that did not complete: the part that arrived)
 * @param status    complete, recovered, stopped or error (streaming only while in memory)
 * @param createdAt when it was written or when its stream started
 * @param model     provider/model that produced a reply, {@code null} for user messages
 * @param detail    why a reply is not complete (the error in words, or when it was recovered); may be null
 * @param reasoning the model's reasoning text shown apart from the answer ("" when none)
 * @param toolCalls tool calls the model made, in order
 * @param gap       true when recovery found part of the reply missing (a damaged journal record)
 * @param stats     tokens and timings of a reply ({@link ReplyStats#NONE} when unknown)
 * @param parentId  the message it follows in the conversation tree, null for a first message (and,
 *                  before it is placed in a {@link Session}, for "after the end of the active path")
 * @param attachments files attached to a user message, in the order attached (empty when none)
 * @param recovered true for a reply the app died while it streamed: always when its status is
 *                  {@link MessageStatus#RECOVERED}, and still after a re-attach finished it on the
 *                  service (then its status is {@link MessageStatus#COMPLETE}; the window's badge reads
 *                  "Recovered · finished"). Session format 7 stores it when the status does not say it.
 */
public record Message(String id, Role role, String text, MessageStatus status, Instant createdAt,
                      String model, String detail, String reasoning, List<ToolCall> toolCalls, boolean gap,
                      ReplyStats stats, String parentId, List<Attachment> attachments, boolean recovered) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        reasoning = reasoning == null ? "" : reasoning;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        stats = stats == null ? ReplyStats.NONE : stats;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        recovered = recovered || status == MessageStatus.RECOVERED;
    }

    /** A message that was never recovered (or is now, when its status is {@link MessageStatus#RECOVERED}). */
    public Message(String id, Role role, String text, MessageStatus status, Instant createdAt, String model,
                   String detail, String reasoning, List<ToolCall> toolCalls, boolean gap, ReplyStats stats,
                   String parentId, List<Attachment> attachments) {
        this(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats, parentId, attachments,
                false);
    }

    public Message(String id, Role role, String text, MessageStatus status, Instant createdAt, String model,
                   String detail, String reasoning, List<ToolCall> toolCalls, boolean gap, ReplyStats stats,
                   String parentId) {
        this(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats, parentId, List.of());
    }

    public Message(String id, Role role, String text, MessageStatus status, Instant createdAt, String model,
                   String detail, String reasoning, List<ToolCall> toolCalls, boolean gap, ReplyStats stats) {
        this(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats, null);
    }

    public Message(String id, Role role, String text, MessageStatus status, Instant createdAt, String model,
                   String detail, String reasoning, List<ToolCall> toolCalls, boolean gap) {
        this(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, ReplyStats.NONE);
    }

    /** A message with no reasoning, no tool calls and nothing missing. */
    public Message(String id, Role role, String text, MessageStatus status, Instant createdAt, String model,
                   String detail) {
        this(id, role, text, status, createdAt, model, detail, "", List.of(), false);
    }

    public static Message user(String id, String text, Instant at) {
        return new Message(id, Role.USER, text, MessageStatus.COMPLETE, at, null, null);
    }

    /** A user message carrying files. */
    public static Message user(String id, String text, Instant at, List<Attachment> attachments) {
        return new Message(id, Role.USER, text, MessageStatus.COMPLETE, at, null, null, "", List.of(), false,
                ReplyStats.NONE, null, attachments);
    }

    /** The same message with these attachments. */
    public Message withAttachments(List<Attachment> newAttachments) {
        return new Message(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats,
                parentId, newAttachments, recovered);
    }

    public Message withText(String newText) {
        return new Message(id, role, newText, status, createdAt, model, detail, reasoning, toolCalls, gap, stats,
                parentId, attachments, recovered);
    }

    public Message withStatus(MessageStatus newStatus, String newDetail) {
        return new Message(id, role, text, newStatus, createdAt, model, newDetail, reasoning, toolCalls, gap, stats,
                parentId, attachments, recovered);
    }

    /** The same message placed after {@code parent} (null: a first message). */
    public Message withParent(String parent) {
        return Objects.equals(parent, parentId) ? this
                : new Message(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats, parent,
                        attachments, recovered);
    }

    /** The same message marked as recovered (or not: only when its status is not {@link MessageStatus#RECOVERED}). */
    public Message withRecovered(boolean isRecovered) {
        return new Message(id, role, text, status, createdAt, model, detail, reasoning, toolCalls, gap, stats, parentId,
                attachments, isRecovered);
    }
}
