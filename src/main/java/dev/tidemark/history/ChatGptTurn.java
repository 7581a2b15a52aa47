package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;
import dev.tidemark.session.SessionJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One branch of a ChatGPT conversation read from the root down, node by node: each user message
 * as it is, and everything between two user messages (the assistant's text, its tool calls, the
 * tools' output, its reasoning) folded into one assistant message. System, hidden and empty
 * messages are left out, and what follows them is placed after the last message kept. A reply cut
 * at ChatGPT's {@code max_tokens} and continued in the next node ("Continue generating") is one
 * message, its pieces joined as they are.
 *
 * <p>At a fork the reading is {@link #copy() copied}, one copy per branch. A turn that was being
 * gathered when its branch forked ({@link #fork()}) takes, in each branch that adds to it, the id
 * of the first node it adds after the fork, so that each version of the reply has its own id; a
 * branch that adds nothing keeps the turn as it was (the same message in every such branch).
 */
final class ChatGptTurn {

    private static final ObjectMapper JSON = SessionJson.mapper();

    private final ChatGptTree tree;
    private final String label;
    /** The last message placed on this branch: the parent of the next one. */
    private String parentId;
    private Instant last;
    // the assistant turn being gathered
    private String turnId;
    private Instant turnAt;
    private String turnEnd; // the last node that added to it
    private boolean forked; // a fork was passed since the turn began
    private final StringBuilder text;
    private final StringBuilder reasoning;
    private final List<ToolCall> calls;
    private String model;
    private MessageStatus status = MessageStatus.COMPLETE;
    private String detail;
    /** The last message of the turn stopped at max_tokens: the next assistant text continues it. */
    private boolean cut;

    ChatGptTurn(ChatGptTree tree, String label, Instant created) {
        this.tree = tree;
        this.label = label;
        this.last = created;
        this.text = new StringBuilder();
        this.reasoning = new StringBuilder();
        this.calls = new ArrayList<>();
    }

    private ChatGptTurn(ChatGptTurn from) {
        this.tree = from.tree;
        this.label = from.label;
        this.parentId = from.parentId;
        this.last = from.last;
        this.turnId = from.turnId;
        this.turnAt = from.turnAt;
        this.turnEnd = from.turnEnd;
        this.forked = from.forked;
        this.text = new StringBuilder(from.text);
        this.reasoning = new StringBuilder(from.reasoning);
        this.calls = new ArrayList<>(from.calls);
        this.model = from.model;
        this.status = from.status;
        this.detail = from.detail;
        this.cut = from.cut;
    }

    /** This reading so far, for another branch from the same node. */
    ChatGptTurn copy() {
        return new ChatGptTurn(this);
    }

    /** The node just read has more than one child: what each branch adds to the turn is its own version. */
    void fork() {
        if (turnId != null) {
            forked = true;
        }
    }

    /** Reads the message of node {@code node}. */
    void add(String node, JsonNode m) throws Importer.Problem {
        String role = m.path("author").path("role").asText(null);
        String id = m.path("id").asText(null);
        if (role == null || id == null) {
            throw new Importer.Problem(label + ": a message has no " + (id == null ? "id" : "author role"));
        }
        JsonNode meta = m.path("metadata");
        if ("system".equals(role) || meta.path("is_visually_hidden_from_conversation").asBoolean(false)) {
            return;
        }
        JsonNode content = m.path("content");
        String type = content.path("content_type").asText("");
        Instant at = ChatGptImport.time(m.get("create_time"), label + ": message " + id + "'s create_time");
        at = at != null ? at : last;
        if (at == null) {
            at = Instant.EPOCH;
        }
        last = at;
        if ("user".equals(role)) {
            if (type.equals("user_editable_context")) {
                return; // custom instructions, not a message
            }
            String said = userText(content);
            if (!said.isBlank()) {
                cut = false;
                endTurn();
                parentId = tree.place(Message.user(id, said, at).withParent(parentId), node);
            }
            return;
        }
        int before = size();
        String recipient = m.path("recipient").asText("all");
        String toolName = m.path("author").path("name").asText("tool");
        boolean isText = "assistant".equals(role) && "all".equals(recipient) && "text".equals(type);
        boolean continues = cut && isText;
        cut = isText && "max_tokens".equals(meta.path("finish_details").path("type").asText());
        if (continues) {
            text.append(rawText(content)); // as is: the cut fell mid-word or mid-line
        } else if ("assistant".equals(role) && !"all".equals(recipient)) {
            toolCall(id, recipient, content, type);
        } else if ("tool".equals(role)) {
            toolOutput(toolName, content, type);
        } else if (cut) { // its end stays as it was cut, for the continuation
            String raw = rawText(content).stripLeading();
            if (!raw.isBlank()) {
                text.append(text.length() > 0 ? "\n\n" : "").append(raw);
            }
        } else {
            assistant(content, type);
        }
        if (size() != before) { // this message added to the turn
            if (turnId == null) {
                turnId = id;
                turnAt = at;
            } else if (forked) { // this branch's own version of the turn
                turnId = id;
                forked = false;
            }
            turnEnd = node;
            if (meta.hasNonNull("model_slug")) {
                model = meta.get("model_slug").asText();
            }
            if ("interrupted".equals(meta.path("finish_details").path("type").asText())) {
                status = MessageStatus.STOPPED;
            }
        }
    }

    /** The branch ends here: the turn being gathered is placed. */
    void finish() {
        endTurn();
    }

    /** How much the turn holds: grows with every piece a message adds. */
    private int size() {
        return text.length() + reasoning.length() + calls.size() + (detail == null ? 0 : detail.length() + 1);
    }

    /** The text parts joined with nothing trimmed. */
    private static String rawText(JsonNode content) {
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
            if (part.isTextual()) {
                out.append(part.asText());
            }
        }
        return out.toString();
    }

    private String userText(JsonNode content) {
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
            if (part.isTextual()) {
                append(out, part.asText());
            } else if (part.isObject()) {
                append(out, attachment(part));
            }
        }
        if (out.length() == 0 && content.path("text").isTextual()) {
            out.append(content.get("text").asText());
        }
        return out.toString().strip();
    }

    private void assistant(JsonNode content, String type) {
        switch (type) {
            case "thoughts" -> {
                for (JsonNode thought : content.path("thoughts")) {
                    String summary = thought.path("summary").asText("");
                    String body = thought.path("content").asText("");
                    append(reasoning, summary.isBlank() ? body : "**" + summary + "**\n" + body);
                }
            }
            case "reasoning_recap", "model_editable_context", "user_editable_context" -> {
                // "Thought for 8 seconds", memory updates: not part of the conversation
            }
            case "system_error" -> {
                status = MessageStatus.ERROR;
                detail = content.path("text").asText("ChatGPT reported an error");
            }
            case "code" -> append(text, fenced(content.path("language").asText(""), content.path("text").asText("")));
            default -> append(text, userText(content));
        }
    }

    private void toolCall(String id, String recipient, JsonNode content, String type) {
        String input = "code".equals(type) ? content.path("text").asText("") : userText(content);
        String arguments;
        try {
            JsonNode parsed = JSON.readTree(input);
            arguments = parsed != null && parsed.isContainerNode() ? input : wrap(type, input);
        } catch (Exception notJson) {
            arguments = wrap(type, input);
        }
        calls.add(new ToolCall(id, recipient, arguments));
    }

    private static String wrap(String type, String input) {
        ObjectNode node = JSON.createObjectNode().put("code".equals(type) ? "code" : "input", input);
        return node.toString();
    }

    private void toolOutput(String tool, JsonNode content, String type) {
        String output = switch (type) {
            case "execution_output" -> fenced("", content.path("text").asText(""));
            case "tether_browsing_display" -> {
                String summary = content.path("summary").asText("");
                yield summary.isBlank() ? content.path("result").asText("") : summary;
            }
            case "tether_quote" -> {
                String title = content.path("title").asText("");
                String url = content.path("url").asText("");
                String quoted = content.path("text").asText("");
                yield (url.isEmpty() ? title : "[" + (title.isEmpty() ? url : title) + "](" + url + ")")
                        + (quoted.isBlank() ? "" : ": " + quoted);
            }
            default -> userText(content);
        };
        if (!output.isBlank()) {
            append(text, "> **" + tool + ":** " + output.strip().replace("\n", "\n> "));
        }
    }

    /** What stands where ChatGPT's export refers to an image it does not include. */
    static final String IMAGE_LEFT_OUT = "[image not included in the export]";

    private String attachment(JsonNode part) {
        String type = part.path("content_type").asText("");
        if (type.equals("image_asset_pointer")) {
            tree.imageLeftOut();
            return IMAGE_LEFT_OUT; // ChatGPT's export names the image, but does not include its bytes
        }
        if (type.equals("audio_transcription") && part.path("text").isTextual()) {
            return part.get("text").asText();
        }
        return part.path("text").isTextual() ? part.get("text").asText() : "[" + type + " not imported]";
    }

    private void endTurn() {
        if (turnId != null && (text.length() > 0 || reasoning.length() > 0 || !calls.isEmpty()
                || status != MessageStatus.COMPLETE)) {
            Message turn = new Message(turnId, Role.ASSISTANT, text.toString().strip(), status, turnAt, model, detail,
                    reasoning.toString().strip(), calls, false);
            parentId = tree.place(turn.withParent(parentId), turnEnd);
        }
        turnId = null;
        turnAt = null;
        turnEnd = null;
        forked = false;
        text.setLength(0);
        reasoning.setLength(0);
        calls.clear();
        model = null;
        status = MessageStatus.COMPLETE;
        detail = null;
    }

    private static void append(StringBuilder to, String piece) {
        if (piece == null || piece.isBlank()) {
            return;
        }
        if (to.length() > 0) {
            to.append("\n\n");
        }
        to.append(piece.strip());
    }

    private static String fenced(String language, String code) {
        String lang = language.equals("unknown") ? "" : language;
        return "```" + lang + "\n" + code.strip() + "\n```";
    }
}
