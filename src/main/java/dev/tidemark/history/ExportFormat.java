package dev.tidemark.history;

/** What an export is written as. */
public enum ExportFormat {
    /** Readable Markdown: one document, every session under its own heading. */
    MARKDOWN(".md"),
    /** Markdown with every version of every message (the tree), not only the active path. */
    MARKDOWN_ALL_VERSIONS(".md"),
    /** The Tidemark export format (docs/export-format.md), which import reads back. */
    JSON(".tidemark.json");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name ending: ".md" or ".tidemark.json". */
    public String extension() {
        return extension;
    }
}
