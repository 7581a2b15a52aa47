package dev.tidemark.history;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionJson;
import dev.tidemark.session.SessionStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk through an import file as a stream, one session at a time: the file is never in memory
 * whole, only the conversation (or exported session) being read. Every problem becomes an
 * {@link ImportException} in words that say what is wrong and where.
 */
final class ImportFile {

    private static final ObjectMapper JSON = SessionJson.mapper();

    /** Told each session in the file's order; throws to stop the walk. */
    @FunctionalInterface
    interface Sink {
        void accept(Session session) throws Importer.Problem;
    }

    /**
     * What the walk found besides the sessions.
     *
     * @param attachments the folder a Tidemark export names for its attachments (a name beside the
     *                    file), or null when it names none
     */
    record Walked(String kind, List<String> notes, String attachments) {
        Walked(String kind, List<String> notes) {
            this(kind, notes, null);
        }
    }

    private final Path file;
    private final String name;
    private final SessionCodec codec = new SessionCodec();
    private String at = "";   // where the walk is, for a message: " in conversation 3"

    ImportFile(Path file) {
        this.file = file;
        this.name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    String name() {
        return name;
    }

    Walked walk(Sink sink) throws ImportException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            JsonToken first;
            try {
                first = parser.nextToken();
            } catch (JsonParseException e) {
                throw fail("it is not a JSON file (" + syntax(e) + " at line " + e.getLocation().getLineNr()
                        + "). Import ChatGPT's conversations.json (ChatGPT sends a .zip: unzip it first) or a"
                        + " Tidemark export");
            }
            if (first == null) {
                throw fail("the file is empty");
            }
            Walked walked;
            if (first == JsonToken.START_ARRAY) {
                walked = chatGpt(parser, sink);
            } else if (first == JsonToken.START_OBJECT) {
                walked = tidemark(parser, sink);
            } else {
                throw fail(neither());
            }
            at = "";
            if (parser.nextToken() != null) {
                throw fail("there is more after its end, at line " + parser.currentTokenLocation().getLineNr()
                        + ", column " + parser.currentTokenLocation().getColumnNr());
            }
            return walked;
        } catch (NoSuchFileException e) {
            throw new ImportException("Cannot import " + name + ": there is no such file.");
        } catch (AccessDeniedException e) {
            throw new ImportException("Cannot import " + name + ": this user may not read it (permission denied).");
        } catch (JsonEOFException e) {
            throw fail("it is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": the file ends too soon" + at
                    + " (it is cut short: was the download or copy complete?)");
        } catch (StreamConstraintsException e) {
            throw fail("a value in it is too long or nests too deep to be a conversation" + at + " (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (JsonProcessingException e) {
            throw fail("it is not valid JSON at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()) + at + ": " + syntax(e));
        } catch (IOException e) {
            throw new ImportException("Cannot import " + name + ": it could not be read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").");
        } catch (Importer.Problem p) {
            throw fail(p.getMessage());
        }
    }

    private Walked chatGpt(JsonParser parser, Sink sink) throws IOException, Importer.Problem {
        ChatGptImport conversations = new ChatGptImport();
        Map<String, Integer> ids = new HashMap<>();
        int n = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            n++;
            at = " in conversation " + n;
            JsonNode conversation = parser.readValueAsTree();
            Session s = conversations.session(conversation, n);
            Integer earlier = ids.putIfAbsent(s.id(), n);
            if (earlier != null) {
                throw new Importer.Problem("conversation " + n + " has the same id as conversation " + earlier);
            }
            sink.accept(s);
        }
        return new Walked("ChatGPT export", conversations.notes());
    }

    private Walked tidemark(JsonParser parser, Sink sink) throws IOException, Importer.Problem {
        String format = null;
        int version = -1;
        boolean sawSessions = false;
        String attachments = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "format" -> {
                    format = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                    if (!Exporter.FORMAT_NAME.equals(format)) {
                        throw new Importer.Problem(neither());
                    }
                }
                case "version" -> {
                    version = value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                            ? parser.getIntValue() : 0;
                    checkVersion(version);
                }
                case "sessions" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new Importer.Problem("its \"sessions\" is not a list");
                    }
                    sawSessions = true;
                    sessions(parser, sink);
                }
                case "attachments" -> {
                    attachments = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (!isFolderName(attachments)) {
                        throw new Importer.Problem("its \"attachments\" is not the name of a folder beside it");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (format == null) {
            throw new Importer.Problem(neither());
        }
        checkVersion(version);
        if (!sawSessions) {
            throw new Importer.Problem("it has no \"sessions\" list");
        }
        return new Walked("Tidemark export", List.of(), attachments);
    }

    private void sessions(JsonParser parser, Sink sink) throws IOException, Importer.Problem {
        Map<String, Integer> ids = new HashMap<>();
        int n = 0;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            n++;
            at = " in session " + n;
            JsonNode node = parser.readValueAsTree();
            Session s;
            try {
                s = codec.decode(JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new Importer.Problem("session " + n + describe(node) + " cannot be read: " + e.getMessage());
            }
            if (!SessionStore.isSafeId(s.id())) {
                throw new Importer.Problem("session " + n + " has the id '" + s.id() + "', which cannot be a session id");
            }
            Integer earlier = ids.putIfAbsent(s.id(), n);
            if (earlier != null) {
                throw new Importer.Problem("session " + n + " has the same id as session " + earlier + " ('"
                        + s.id() + "')");
            }
            sink.accept(s);
        }
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw new Importer.Problem("session " + (n + 1) + " in its \"sessions\" list is not an object");
        }
    }

    /** One name, in the export file's own folder: never a path that leads elsewhere. */
    private static boolean isFolderName(String name) {
        return name != null && !name.isBlank() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.chars().noneMatch(c -> c < 0x20);
    }

    private static void checkVersion(int version) throws Importer.Problem {
        if (version > Exporter.VERSION) {
            throw new Importer.Problem("it was written by a newer Tidemark (export version " + version
                    + "; this one reads " + Exporter.VERSION + ")");
        }
        if (version < 1) {
            throw new Importer.Problem("its \"version\" is missing or not a number");
        }
    }

    private static String neither() {
        return "it is neither a Tidemark export (\"format\": \"" + Exporter.FORMAT_NAME
                + "\") nor a ChatGPT conversations.json (a list of conversations)";
    }

    /** Jackson's complaint, in fewer words. */
    private static String syntax(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Unexpected character ('") && m.length() > 24) {
            return "an unexpected character '" + m.charAt(23) + "'";
        }
        if (m.startsWith("Unrecognized token '")) {
            int end = m.indexOf('\'', 20);
            String token = end > 20 ? m.substring(20, Math.min(end, 60)) : "";
            return "an unexpected word '" + token + "'";
        }
        if (m.contains("control character")) {
            return "a control character inside a string";
        }
        if (m.contains("Invalid UTF-8")) {
            return "bytes that are not UTF-8 text";
        }
        return "something that is not JSON";
    }

    private static String describe(JsonNode node) {
        String title = node.path("title").asText("");
        return title.isEmpty() ? "" : " (\"" + (title.length() > 40 ? title.substring(0, 40) + "…" : title) + "\")";
    }

    private ImportException fail(String what) {
        return new ImportException("Cannot import " + name + ": " + what + ". Nothing was imported.");
    }
}
