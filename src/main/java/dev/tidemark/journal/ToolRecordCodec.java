package dev.tidemark.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Attachment;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of the tool ledger's records (journal format 5, {@code docs/journal-format.md}):
 * flat, like every record — {@code session}, {@code stream}, {@code id} (the call's id) in each;
 * {@code index}, {@code server}, {@code tool}, {@code name}, {@code args} in {@code tool.requested};
 * {@code allowed} (1 or 0) and {@code how} in {@code tool.decided}; {@code state} (its wire name),
 * {@code text}, {@code error} (1 or 0) and, when the tool returned images, {@code images} (one string
 * holding a JSON array of {@code {name, mediaType, size, sha256}}) in {@code tool.finished}.
 */
final class ToolRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolRecordCodec() {
    }

    static void encode(ObjectNode node, JournalRecord.ToolRecord record) {
        node.put("session", record.sessionId());
        node.put("stream", record.streamId());
        node.put("id", record.callId());
        if (record instanceof ToolLedger.Requested r) {
            node.put("index", r.index());
            node.put("server", r.server());
            node.put("tool", r.tool());
            node.put("name", r.name());
            node.put("args", r.arguments());
            node.put("at", r.at().toString());
        } else if (record instanceof ToolLedger.Decided d) {
            node.put("allowed", d.allowed() ? 1 : 0);
            node.put("how", d.how());
            node.put("at", d.at().toString());
        } else if (record instanceof ToolLedger.Started s) {
            node.put("at", s.at().toString());
        } else if (record instanceof ToolLedger.Finished f) {
            node.put("state", f.state().wireName());
            node.put("text", f.result());
            node.put("error", f.error() ? 1 : 0);
            if (!f.images().isEmpty()) {
                node.put("images", imagesJson(f.images()));
            }
            node.put("at", f.at().toString());
        } else {
            throw new IllegalArgumentException("not a record of the tool ledger: " + record.type());
        }
    }

    private static String imagesJson(List<Attachment> images) {
        ArrayNode list = JSON.createArrayNode();
        for (Attachment a : images) {
            list.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                    .put("sha256", a.sha256());
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode a tool result's images", e);
        }
    }

    /**
     * The images of a {@code tool.finished} record: none when the member is absent.
     *
     * @throws IllegalArgumentException when it is present and not such a list (the record is damaged)
     */
    static List<Attachment> images(String json) {
        if (json == null) {
            return List.of();
        }
        JsonNode list;
        try {
            list = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("its images are not JSON");
        }
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("its images are not a list");
        }
        List<Attachment> out = new ArrayList<>();
        for (JsonNode a : list) {
            if (!a.path("name").isTextual() || !a.path("mediaType").isTextual() || !a.path("size").isIntegralNumber()
                    || !a.path("sha256").isTextual()) {
                throw new IllegalArgumentException("an image entry is incomplete");
            }
            out.add(new Attachment(a.get("name").asText(), a.get("mediaType").asText(), a.get("size").asLong(),
                    a.get("sha256").asText()));
        }
        return out;
    }
}
