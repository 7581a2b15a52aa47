package dev.tidemark.chat;

import dev.tidemark.model.Attachment;

import java.util.Locale;
import java.util.Map;

/** The words attachments become in a request (ADR 10 §1): fenced text files, PDFs' text, notes of files left out. */
final class AttachmentTexts {

    private AttachmentTexts() {
    }

    /** Info strings of fenced blocks by file extension, where the language is known. */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("java", "java"), Map.entry("kt", "kotlin"), Map.entry("js", "javascript"),
            Map.entry("mjs", "javascript"), Map.entry("ts", "typescript"), Map.entry("tsx", "tsx"), Map.entry("jsx", "jsx"),
            Map.entry("c", "c"), Map.entry("h", "c"), Map.entry("cpp", "cpp"), Map.entry("cc", "cpp"),
            Map.entry("hpp", "cpp"), Map.entry("cs", "csharp"), Map.entry("go", "go"), Map.entry("rs", "rust"),
            Map.entry("rb", "ruby"), Map.entry("php", "php"), Map.entry("swift", "swift"), Map.entry("scala", "scala"),
            Map.entry("sh", "bash"), Map.entry("bash", "bash"), Map.entry("zsh", "zsh"), Map.entry("ps1", "powershell"),
            Map.entry("sql", "sql"), Map.entry("html", "html"), Map.entry("htm", "html"), Map.entry("css", "css"),
            Map.entry("xml", "xml"), Map.entry("json", "json"), Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"),
            Map.entry("toml", "toml"), Map.entry("ini", "ini"), Map.entry("md", "markdown"),
            Map.entry("markdown", "markdown"), Map.entry("csv", "csv"), Map.entry("tex", "latex"), Map.entry("r", "r"),
            Map.entry("lua", "lua"), Map.entry("pl", "perl"), Map.entry("hs", "haskell"), Map.entry("ex", "elixir"),
            Map.entry("clj", "clojure"), Map.entry("dart", "dart"), Map.entry("vue", "vue"), Map.entry("diff", "diff"),
            Map.entry("patch", "diff"), Map.entry("dockerfile", "dockerfile"), Map.entry("gradle", "groovy"),
            Map.entry("groovy", "groovy"), Map.entry("proto", "protobuf"));

    /** A text file: {@code File: name} on its own line, then the text fenced. */
    static String textFile(String name, String text) {
        return "File: " + name + "\n" + fenced(text, language(name));
    }

    /** A PDF's text, with the line that says what it is and why it is not the document itself. */
    static String pdfText(Attachment pdf, int pages, String text, String why) {
        return "File: " + pdf.name() + " (PDF, " + pages + (pages == 1 ? " page" : " pages")
                + "; its text, extracted by Tidemark — " + why + ")\n" + fenced(text, "");
    }

    /** What stands in for an attachment left out of a request. */
    static String leftOut(Attachment a, String why) {
        return "[Attachment " + a.name() + " (" + a.mediaType() + ", " + size(a.size()) + ") left out: " + why + ".]";
    }

    /**
     * The text in a fenced block whose fence is one backtick longer than the longest run of
     * backticks inside (at least three), so that nothing inside can close it (CommonMark).
     */
    static String fenced(String text, String info) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + info + "\n" + text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + fence;
    }

    /** The info string for a file's extension ("" when not known). */
    static String language(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String extension = dot < 0 ? lower : lower.substring(dot + 1);
        return LANGUAGES.getOrDefault(extension, "");
    }

    /** "4.2 MB", "47 KB", "312 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
        }
        if (bytes >= 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
