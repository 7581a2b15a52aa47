package dev.tidemark.ui.markdown;

/** Style-class names of the nodes a {@link MarkdownView} builds; {@code markdown.css} defines them. */
public final class MarkdownStyles {

    public static final String VIEW = "markdown-view";
    public static final String CONTENT = "md-content";

    /** Every selectable run of text (a {@code TextFlow}); these must have no padding, see markdown.css. */
    public static final String FLOW = "md-flow";
    /** Every {@code Text} node. */
    public static final String TEXT = "md-text";
    public static final String SELECTION = "md-selection";

    public static final String PARAGRAPH = "md-paragraph";
    public static final String HEADING = "md-heading";
    public static final String HTML_BLOCK = "md-html-block";
    public static final String RULE = "md-rule";
    public static final String QUOTE = "md-quote";

    public static final String LIST = "md-list";
    public static final String BULLET_LIST = "md-bullet-list";
    public static final String ORDERED_LIST = "md-ordered-list";
    public static final String TIGHT = "md-tight";
    public static final String LIST_ITEM = "md-list-item";
    public static final String LIST_MARKER = "md-list-marker";
    public static final String LIST_ITEM_CONTENT = "md-list-item-content";

    public static final String TABLE = "md-table";
    public static final String TABLE_CELL = "md-table-cell";
    public static final String TABLE_HEADER_CELL = "md-table-header-cell";

    public static final String CODE_BLOCK = "md-code-block";
    public static final String CODE_HEADER = "md-code-header";
    public static final String CODE_LANGUAGE = "md-code-language";
    public static final String CODE_COPY = "md-code-copy";
    public static final String CODE_CONTENT = "md-code-content";
    public static final String CODE_BODY = "md-code-body";

    // inline styles, on Text nodes
    public static final String EMPHASIS = "md-emphasis";
    public static final String STRONG = "md-strong";
    public static final String INLINE_CODE = "md-code";
    public static final String INLINE_CODE_BACKGROUND = "md-code-background";
    public static final String LINK = "md-link";
    public static final String HTML = "md-html";
    public static final String IMAGE = "md-image";

    private MarkdownStyles() {
    }

    /** {@code md-h1} … {@code md-h6}. */
    public static String heading(int level) {
        return "md-h" + Math.max(1, Math.min(6, level));
    }
}
