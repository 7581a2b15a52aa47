package dev.tidemark.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolResult;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A session as Markdown for people: title, dates and model, then "## You" / "## Assistant" for each
 * message, reasoning folded in a {@code <details>} block, tool calls as fenced JSON (a call the tool loop ran
 * followed by its state and result, the result's images as a message's files), and a note for a
 * reply that was recovered, stopped or failed. A message's attachments follow its text as {@link
 * AttachmentLines} writes them (links to copies beside the file, or a line naming each with its hash).
 */
final class MarkdownExport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MarkdownExport() {
    }

    /** How a message's attachments are written: Markdown lines, ending in a newline. */
    @FunctionalInterface
    interface AttachmentLines {
        String of(List<Attachment> attachments) throws IOException;
    }

    static void write(Session s, Writer out, boolean allVersions) throws IOException {
        write(s, out, allVersions, attachments -> AttachmentText.lineWithHashes(attachments) + "\n");
    }

    /**
     * @param allVersions every version of every message (the whole tree, each version followed by
     *                    the conversation below it; the replies of a compared question each with its
     *                    model), not only the active path
     */
    static void write(Session s, Writer out, boolean allVersions, AttachmentLines lines) throws IOException {
        out.write("# " + oneLine(s.title()) + "\n\n");
        out.write("- Created: " + WHEN.format(s.createdAt()) + "\n");
        out.write("- Updated: " + WHEN.format(s.updatedAt()) + "\n");
        String model = s.settings().model() != null ? s.settings().model()
                : s.messages().stream().map(Message::model).filter(m -> m != null).reduce((a, b) -> b).orElse(null);
        if (model != null) {
            out.write("- Model: " + model + "\n");
        }
        out.write("- Session: `" + s.id() + "`\n");
        if (s.settings().systemPrompt() != null) {
            out.write("\n> **System prompt:** " + s.settings().systemPrompt().replace("\n", "\n> ") + "\n");
        }
        if (!allVersions) {
            for (Message m : s.messages()) {
                writeMessage(m, "", out, lines);
            }
            return;
        }
        // depth first, versions in creation order: each version is followed by what came after it
        Set<String> active = new HashSet<>();
        s.messages().forEach(m -> active.add(m.id()));
        Deque<Message> next = new ArrayDeque<>();
        pushChildren(s, null, next);
        while (!next.isEmpty()) {
            Message m = next.pop();
            int versions = s.versions(m.id());
            // replies to one question from several models: each says whose it is
            String compared = s.isCompared(m.parentId()) && m.model() != null
                    ? ", compared side by side: " + oneLine(m.model()) : "";
            String label = versions < 2 ? "" : " (version " + s.version(m.id()) + " of " + versions + compared
                    + (active.contains(m.id()) ? ", shown" : "") + ")";
            writeMessage(m, label, out, lines);
            pushChildren(s, m.id(), next);
        }
    }

    private static void pushChildren(Session s, String parentId, Deque<Message> next) {
        List<Message> children = s.children(parentId);
        for (int i = children.size() - 1; i >= 0; i--) {
            next.push(children.get(i));
        }
    }

    private static void writeMessage(Message m, String label, Writer out, AttachmentLines lines) throws IOException {
        out.write("\n## " + (m.role() == Role.USER ? "You" : "Assistant") + label + "\n\n");
        if (!m.reasoning().isBlank()) {
            out.write("<details>\n<summary>Reasoning</summary>\n\n" + m.reasoning().strip() + "\n\n</details>\n\n");
        }
        if (!m.text().isEmpty()) {
            out.write(m.text().strip() + "\n");
        }
        if (!m.attachments().isEmpty()) {
            out.write((m.text().isEmpty() ? "" : "\n") + lines.of(m.attachments()));
        }
        for (ToolCall call : m.toolCalls()) {
            out.write("\n" + fence(toolCall(call)) + "json\n" + toolCall(call) + "\n" + fence(toolCall(call))
                    + "\n");
            writeResult(call, out, lines);
        }
        String note = note(m);
        if (note != null) {
            out.write("\n> " + note + "\n");
        }
    }

    private static String note(Message m) {
        String detail = m.detail() == null ? "" : " " + oneLine(m.detail());
        String gap = m.gap() ? " Part of this reply was lost." : "";
        return switch (m.status()) {
            case COMPLETE, STREAMING -> m.gap() ? "*Part of this reply was lost.*" : null;
            case RECOVERED -> "*Recovered:* the app stopped while this reply arrived; this is what was saved." + detail
                    + gap;
            case STOPPED -> "*Stopped:* the reply was stopped; this is what had arrived." + gap;
            case ERROR -> "*Error:*" + (detail.isEmpty() ? " the reply failed" : detail) + "." + gap;
        };
    }

    /** A run call's result: {@code Result (done):} and its text in a fence, then its images as a message's files. */
    private static void writeResult(ToolCall call, Writer out, AttachmentLines lines) throws IOException {
        if (call.state() == null) {
            return; // only shown, never run: there is no result
        }
        ToolResult result = call.result();
        String text = result == null ? "" : result.text();
        out.write("\nResult (" + call.state().wireName() + (result != null && result.error() ? ", error" : "") + ")"
                + (text.isEmpty() && (result == null || result.images().isEmpty()) ? ": none.\n" : ":\n"));
        if (!text.isEmpty()) {
            String body = text.strip();
            out.write("\n" + fence(body) + "text\n" + body + "\n" + fence(body) + "\n");
        }
        if (result != null && !result.images().isEmpty()) {
            out.write("\n" + lines.of(result.images()));
        }
    }

    private static String toolCall(ToolCall call) {
        ObjectNode node = JSON.createObjectNode().put("tool", call.ownName());
        if (call.server() != null && !call.server().isEmpty()) {
            node.put("server", call.server());
        }
        if (!call.id().isEmpty()) {
            node.put("id", call.id());
        }
        try {
            node.set("arguments", JSON.readTree(call.arguments()));
        } catch (IOException | RuntimeException notJson) {
            node.put("arguments", call.arguments()); // cut short, or not JSON: as the model wrote it
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fence longer than any run of backticks inside. */
    private static String fence(String body) {
        int longest = 0;
        int run = 0;
        for (char c : body.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
